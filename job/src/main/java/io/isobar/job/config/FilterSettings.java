package io.isobar.job.config;

import java.io.Serializable;
import java.util.Set;
import java.util.function.Function;

import io.isobar.model.ModelNames;

/**
 * The allow-lists of the job's filter: the part of {@link JobConfig} that {@code IngestFilter} is built from.
 * An empty list lets everything through.
 *
 * @param models    model names, normalised ({@link ModelNames#normalise})
 * @param variables variable names, as the notifications spell them
 */
public record FilterSettings(Set<String> models, Set<String> variables) implements Serializable {

    private static final long serialVersionUID = 1L;

    public FilterSettings {
        models = Set.copyOf(models);
        variables = Set.copyOf(variables);
    }

    static FilterSettings read(PropertyReader p) {
        return new FilterSettings(p.list(JobConfig.FILTER_MODELS, ModelNames::normalise), p.list(JobConfig.FILTER_VARIABLES, Function.identity()));
    }
}
