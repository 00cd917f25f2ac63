package io.isobar.query.forecast;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import io.isobar.model.ModelNames;

/**
 * Which model answers first when a request names none: the models we know in the order of {@link ModelNames#ALL}
 * (finest grid first), then any other by name. The point, map and EDR faces all ask in this order.
 */
public final class ModelPreference {

    /** Known models first, in {@link ModelNames#ALL} order, then the others by name. */
    public static final Comparator<String> ORDER = Comparator.comparing((String m) -> {
        int i = ModelNames.ALL.indexOf(m);
        return i < 0 ? Integer.MAX_VALUE : i;
    }).thenComparing(Function.identity());

    private ModelPreference() {}

    /** {@code models} without repeats, in {@link #ORDER}. */
    public static List<String> preferred(Collection<String> models) {
        return models.stream().distinct().sorted(ORDER).toList();
    }
}
