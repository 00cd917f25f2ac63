package io.isobar.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON the Met Office publishes for each new object (the SNS {@code Message}, or the SQS body with
 * raw delivery), field for field; the values are kept as the strings the feed sends.
 *
 * <p>The feed is loose: numbers come as strings or floats ({@code "302400"}, {@code 3172210.0}), and
 * {@code height}, {@code pressure} and {@code realization} are space-separated lists. Parsing the
 * values is {@link NotificationParser}'s job; this record only carries them, and names the fields the parser reads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetOfficeMessage(
        @JsonProperty(MODEL) String model,
        @JsonProperty(NAME) String name,
        @JsonProperty("long_name") String longName,
        @JsonProperty(KEY) String key,
        @JsonProperty(BUCKET) String bucket,
        @JsonProperty(OBJECT_SIZE) Double objectSize,
        @JsonProperty(FORECAST_REFERENCE_TIME) String forecastReferenceTime,
        @JsonProperty(FORECAST_PERIOD) String forecastPeriod,
        @JsonProperty("forecast_period_units") String forecastPeriodUnits,
        @JsonProperty("forecast_period_bounds") String forecastPeriodBounds,
        @JsonProperty(TIME) String time,
        @JsonProperty(CREATED_TIME) String createdTime,
        @JsonProperty("ttl") Long ttl,
        @JsonProperty("height") String height,
        @JsonProperty("height_units") String heightUnits,
        @JsonProperty("pressure") String pressure,
        @JsonProperty("pressure_units") String pressureUnits,
        @JsonProperty("realization") String realization,
        @JsonProperty("cell_methods") String cellMethods) {

    // The field names the parser reads, spelled once here.
    /** The feed's field {@code model}. */
    public static final String MODEL = "model";
    /** The feed's field {@code name}. */
    public static final String NAME = "name";
    /** The feed's field {@code key}. */
    public static final String KEY = "key";
    /** The feed's field {@code bucket}. */
    public static final String BUCKET = "bucket";
    /** The feed's field {@code object_size}. */
    public static final String OBJECT_SIZE = "object_size";
    /** The feed's field {@code forecast_reference_time}. */
    public static final String FORECAST_REFERENCE_TIME = "forecast_reference_time";
    /** The feed's field {@code forecast_period}. */
    public static final String FORECAST_PERIOD = "forecast_period";
    /** The feed's field {@code time}. */
    public static final String TIME = "time";
    /** The feed's field {@code created_time}. */
    public static final String CREATED_TIME = "created_time";
}
