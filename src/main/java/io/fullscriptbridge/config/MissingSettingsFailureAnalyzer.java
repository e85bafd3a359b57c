package io.fullscriptbridge.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the prod profile's missing settings as one list, with what to do, instead of a stack trace. */
public class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSettingsCheck.MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, ProductionSettingsCheck.MissingSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set each of them (environment variables, or a mounted application-prod.yml; docker/.env.example lists them all) and start again.",
                cause);
    }
}
