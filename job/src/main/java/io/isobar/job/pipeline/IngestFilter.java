package io.isobar.job.pipeline;

import java.io.Serializable;
import java.util.Set;

/**
 * The allow-list of models and variables (empty = everything). Applied twice: to a notification's hints,
 * so unwanted files cost no S3 read, and to the header, which is the source of truth.
 */
public record IngestFilter(Set<String> models, Set<String> variables) implements Serializable {

    public IngestFilter {
        models = Set.copyOf(models);
        variables = Set.copyOf(variables);
    }

    public static IngestFilter all() {
        return new IngestFilter(Set.of(), Set.of());
    }

    /** Accepts unless a known value is outside the allow-list; an unknown (null) value passes to the header check. */
    public boolean mayAccept(String model, String variable) {
        return (model == null || models.isEmpty() || models.contains(model))
                && (variable == null || variables.isEmpty() || variables.contains(variable));
    }

    /** The final decision, on values read from the file. */
    public boolean accepts(String model, String variable) {
        return (models.isEmpty() || models.contains(model)) && (variables.isEmpty() || variables.contains(variable));
    }
}
