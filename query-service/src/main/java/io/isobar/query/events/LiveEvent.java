package io.isobar.query.events;

/**
 * One event of {@code GET /v1/events}: its SSE name ({@code file} or {@code run}), its id and its JSON data.
 *
 * <p>Ids are derived from the indexed item itself, not from the instance that saw it, so a client that reconnects to
 * another instance resumes where it left off: a file's id is {@code indexed_at|time|file_key}, a run's is
 * {@code indexed_at|run|model#forecast_reference_time|state} with the {@code indexed_at} of the file that caused it.
 * Ids sort by {@code indexed_at} first.
 *
 * @param sequence this instance's arrival order (for replay), not sent
 * @param model for the {@code model} filter
 * @param variable for the {@code variable} filter; null for run events
 * @param indexedAtMillis when the file that caused the event was indexed
 */
public record LiveEvent(long sequence, String name, String id, String json, String model, String variable,
        long indexedAtMillis) {

    /** The event as SSE text: {@code id:}, {@code event:}, {@code data:} lines and a blank line. */
    public String sse() {
        return "id: " + id + "\nevent: " + name + "\ndata: " + json + "\n\n";
    }

    /** Whether the filters (each null for "any") let the event through. */
    public boolean matches(String modelFilter, String variableFilter) {
        return (modelFilter == null || modelFilter.equals(model))
                && (variableFilter == null || variable == null || variableFilter.equals(variable));
    }
}
