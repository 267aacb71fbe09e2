package org.elasticsearch.plugins;

import java.util.ArrayList;
import java.util.List;

import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

/**
 * A PluginsService that also loads plugins straight from the classpath (the
 * Netty4 HTTP/transport module and SAI's analysis plugin), since Maven Central
 * has their jars but not the distribution's modules/ folder. Lives in this
 * package because LoadedPlugin and loadPlugin are package-private.
 */
public class SaiPluginsService extends PluginsService {

    private final List<LoadedPlugin> all;
    private final PluginsAndModules allInfo;

    public SaiPluginsService(Settings settings, Environment env, List<Class<? extends Plugin>> classpathPlugins) {
        super(settings, env.configFile(), env.modulesFile(), env.pluginsFile());
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<PluginRuntimeInfo> infos = new ArrayList<>(super.info().getPluginInfos());
        for (Class<? extends Plugin> type : classpathPlugins) {
            PluginDescriptor descriptor = new PluginDescriptor(type.getName(), "classpath plugin", "NA",
                org.elasticsearch.Version.CURRENT.toString(), Integer.toString(Runtime.version().feature()),
                type.getName(), null, List.of(), false, false, false, false);
            loaded.add(new LoadedPlugin(descriptor, loadPlugin(type, settings, env.configFile())));
            infos.add(new PluginRuntimeInfo(descriptor));
        }
        loaded.addAll(super.plugins());
        this.all = List.copyOf(loaded);
        this.allInfo = new PluginsAndModules(infos, super.info().getModuleInfos());
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return all;
    }

    @Override
    public PluginsAndModules info() {
        return allInfo;
    }

    @Override
    protected void addServerExportsService(java.util.Map<String, List<ModuleQualifiedExportsService>> exports) {
        // the server runs on the classpath here, not as a named module: nothing to export
    }
}
