package org.elasticsearch.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SaiPluginsService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import sai.elasticsearch.SaiAnalysisPlugin;
import sai.elasticsearch.SaiRootPlugin;

/**
 * Starts one embedded Elasticsearch node for local development and CI:
 * java -Dsai.es.home=DIR -Dsai.es.port=9200 org.elasticsearch.node.SaiNode
 * Single node, plain HTTP on 127.0.0.1, data/ and logs/ under sai.es.home.
 * In this package because NodeServiceProvider and NodeConstruction are package-private.
 */
public class SaiNode extends Node {

    SaiNode(Environment env, List<Class<? extends Plugin>> classpathPlugins) {
        super(NodeConstruction.prepareConstruction(env, new NodeServiceProvider() {
            @Override
            org.elasticsearch.plugins.PluginsService newPluginService(Environment e, Settings s) {
                return new SaiPluginsService(s, e, classpathPlugins);
            }
        }, true));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("sai.es.home")).toAbsolutePath();
        int port = Integer.getInteger("sai.es.port", 9200);
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "sai-local")
            .put("node.name", "sai-local")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", port + 100)
            // a dev node on a shared disk: don't turn indices read-only when the disk is fairly full
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "sai-local");
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("sai-local");
        LogConfigurator.configure(env, true); // reads config/log4j2.properties: everything to stdout
        Node node = new SaiNode(env, List.of(Netty4Plugin.class, SaiAnalysisPlugin.class, SaiRootPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
            stopped.countDown();
        }));
        node.start();
        stopped.await(); // keep the JVM alive; SIGTERM runs the hook above
    }
}
