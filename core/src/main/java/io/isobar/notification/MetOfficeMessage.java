package io.isobar.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON the Met Office publishes for each new object (the SNS {@code Message}, or the SQS body with
 * raw delivery), field for field; the values are kept as the strings the feed sends.
 *
 * <p>The feed is loose: numbers come as strings or floats ({@code "302400"}, {@code 3172210.0}), and
 * {@code height}, {@code pressure} and {@code realization} are space-separated lists. Parsing the
 * values is {@link NotificationParser}'s job; this record only carries them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetOfficeMessage(
        @JsonProperty("model") String model,
        @JsonProperty("name") String name,
        @JsonProperty("long_name") String longName,
        @JsonProperty("key") String key,
        @JsonProperty("bucket") String bucket,
        @JsonProperty("object_size") Double objectSize,
        @JsonProperty("forecast_reference_time") String forecastReferenceTime,
        @JsonProperty("forecast_period") String forecastPeriod,
        @JsonProperty("forecast_period_units") String forecastPeriodUnits,
        @JsonProperty("forecast_period_bounds") String forecastPeriodBounds,
        @JsonProperty("time") String time,
        @JsonProperty("created_time") String createdTime,
        @JsonProperty("ttl") Long ttl,
        @JsonProperty("height") String height,
        @JsonProperty("height_units") String heightUnits,
        @JsonProperty("pressure") String pressure,
        @JsonProperty("pressure_units") String pressureUnits,
        @JsonProperty("realization") String realization,
        @JsonProperty("cell_methods") String cellMethods) {}
