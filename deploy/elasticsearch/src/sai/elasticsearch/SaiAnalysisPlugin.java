package sai.elasticsearch;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;

/**
 * The analysis pieces SAI uses, with the names and options of Elasticsearch's
 * analysis-common module (which Maven Central does not carry for 8.x), built
 * from the same Lucene classes that module uses:
 * analyzers "spanish" and "english" (stopwords, stem_exclusion), token filters
 * "asciifolding" (preserve_original), "lowercase" and "stemmer" (language:
 * spanish, light_spanish, spanish_plural, english, light_english,
 * minimal_english, possessive_english, porter2). Anything else of
 * analysis-common (ngram, synonym, whitespace tokenizer, ...) is not here.
 */
public class SaiAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of(
            "spanish", (indexSettings, env, name, settings) -> new AbstractIndexAnalyzerProvider<SpanishAnalyzer>(name, settings) {
                private final SpanishAnalyzer analyzer = new SpanishAnalyzer(
                    Analysis.parseStopWords(env, settings, SpanishAnalyzer.getDefaultStopSet()),
                    Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET));

                @Override
                public SpanishAnalyzer get() {
                    return analyzer;
                }
            },
            "english", (indexSettings, env, name, settings) -> new AbstractIndexAnalyzerProvider<EnglishAnalyzer>(name, settings) {
                private final EnglishAnalyzer analyzer = new EnglishAnalyzer(
                    Analysis.parseStopWords(env, settings, EnglishAnalyzer.getDefaultStopSet()),
                    Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET));

                @Override
                public EnglishAnalyzer get() {
                    return analyzer;
                }
            });
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        // lets mappings say "analyzer": "spanish" without defining it in the index settings
        return List.of(
            new PreBuiltAnalyzerProviderFactory("spanish", CachingStrategy.LUCENE, SpanishAnalyzer::new),
            new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new));
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        // lets custom analyzers list "asciifolding" by name without defining it
        return List.of(PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (indexSettings, env, name, settings) -> new AsciiFolding(name, settings),
            "lowercase", (indexSettings, env, name, settings) -> new LowerCase(name, settings),
            "stemmer", (indexSettings, env, name, settings) -> new Stemmer(name, settings));
    }

    static final class AsciiFolding extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFolding(String name, Settings settings) {
            super(name, settings);
            preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new ASCIIFoldingFilter(in, false);
        }
    }

    static final class LowerCase extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        LowerCase(String name, Settings settings) {
            super(name, settings);
            if (settings.get("language") != null) {
                throw new IllegalArgumentException("[lowercase] filter: the [language] option is not supported here");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    static final class Stemmer extends AbstractTokenFilterFactory {
        static final java.util.Set<String> LANGUAGES = java.util.Set.of("spanish", "light_spanish", "spanish_plural",
            "english", "porter", "light_english", "kstem", "minimal_english", "possessive_english", "porter2");
        private final String language;

        Stemmer(String name, Settings settings) {
            super(name, settings);
            language = settings.get("language", settings.get("name", "porter")).toLowerCase(Locale.ROOT);
            if (LANGUAGES.contains(language) == false) { // fail when the index is created, not at first use
                throw new IllegalArgumentException("[stemmer] language [" + language + "] is not supported here");
            }
        }

        @Override
        public TokenStream create(TokenStream in) {
            // same language -> Lucene class mapping as Elasticsearch's StemmerTokenFilterFactory
            return switch (language) {
                case "spanish" -> new SnowballFilter(in, new SpanishStemmer());
                case "light_spanish" -> new SpanishLightStemFilter(in);
                case "spanish_plural" -> new SpanishPluralStemFilter(in);
                case "english", "porter" -> new PorterStemFilter(in);
                case "light_english", "kstem" -> new KStemFilter(in);
                case "minimal_english" -> new EnglishMinimalStemFilter(in);
                case "possessive_english" -> new EnglishPossessiveFilter(in);
                case "porter2" -> new SnowballFilter(in, new EnglishStemmer());
                default -> throw new IllegalStateException(language);
            };
        }
    }
}
