package io.isobar.netcdf.header;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;

/** How the data variable is stored, as the header reports it: its chunk shape and its filters ("deflate+shuffle"). */
final class Storage {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private Storage() {}

    static List<Integer> chunkShape(Dataset data) {
        if (data instanceof ChunkedDataset chunked) {
            return Arrays.stream(chunked.getChunkDimensions()).boxed().toList();
        }
        return List.of();
    }

    static String compression(Dataset data, String uri) {
        List<PipelineFilterWithData> filters;
        try {
            filters = data.getFilters();
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot read the filters of {}", uri, data.getName(), e);
            return null;
        }
        if (filters == null || filters.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (PipelineFilterWithData filter : filters) {
            names.add(switch (filter.getId()) {
                case 1 -> "deflate";
                case 2 -> "shuffle";
                case 3 -> "fletcher32";
                case 4 -> "szip";
                case 32015 -> "zstd";
                default -> filter.getName().toLowerCase(Locale.ROOT);
            });
        }
        return String.join("+", names);
    }
}
