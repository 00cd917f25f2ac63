package io.isobar.query.map;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import io.isobar.netcdf.NetcdfHeader;
import io.isobar.netcdf.grid.ChunkCache.Field;

/**
 * Turns a 2-D field into a PNG picture in its native grid: one pixel per cell (or fewer, sampled to a width), north
 * up, coloured by a {@link Palette} in the field's own units, transparent where the field has no value (and, for a
 * palette that clears them, below its range). The picture is an indexed-colour PNG
 * (a 256-entry colour table whose entry 0 is fully transparent), encoded by the JDK's {@code javax.imageio}.
 */
public final class MapRenderer {

    /** Web mercator's northern (and southern) limit, degrees: where a square world ends, as web-mercator tiles do. */
    public static final double MERCATOR_MAX_LATITUDE = 85.0511287798;

    private MapRenderer() {}

    /**
     * The picture of {@code field} in its grid: rows evenly spaced, as the grid's.
     *
     * @param northUp true when the field's first row is its southernmost (y ascending), so rows are flipped
     * @param width the picture's width in pixels (at most the field's columns); its height keeps the aspect ratio
     */
    public static byte[] png(Field field, Palette palette, boolean northUp, int width) {
        int w = Math.max(1, Math.min(width, field.columns()));
        int rows = field.rows();
        int h = Math.max(1, (int) Math.round(rows * (w / (double) field.columns())));
        int[] sourceRows = new int[h];
        for (int py = 0; py < h; py++) {
            int sourceRow = (int) ((py + 0.5) * rows / h);
            sourceRows[py] = northUp ? rows - 1 - sourceRow : sourceRow;
        }
        return png(field, palette, sourceRows, w);
    }

    /**
     * The picture of a latitude/longitude field in web mercator (EPSG:3857) between latitudes {@code south} and
     * {@code north}, for a viewer over web-mercator tiles: columns as the grid's (longitude is linear in both), each
     * picture row the grid row at its latitude, so the picture lies on the tiles where the field is.
     *
     * @param latitudes the field's latitude axis (cell centres, either direction)
     * @param longitudeSpan degrees of longitude the picture spans, west edge to east edge
     */
    public static byte[] mercatorPng(Field field, Palette palette, NetcdfHeader.Axis latitudes, double longitudeSpan,
            double south, double north, int width) {
        int w = Math.max(1, Math.min(width, field.columns()));
        double yNorth = mercatorY(north);
        double ySouth = mercatorY(south);
        // Square pixels: as many rows as the mercator height of the band is to the longitudes it spans.
        int h = Math.max(1, (int) Math.round(w * (yNorth - ySouth) / Math.toRadians(longitudeSpan)));
        int[] sourceRows = new int[h];
        for (int py = 0; py < h; py++) {
            double latitude = Math.toDegrees(Math.atan(Math.sinh(yNorth - (py + 0.5) * (yNorth - ySouth) / h)));
            long row = Math.round((latitude - latitudes.first()) / latitudes.step());
            sourceRows[py] = (int) Math.max(0, Math.min(field.rows() - 1, row));
        }
        return png(field, palette, sourceRows, w);
    }

    /** Web mercator's y of a latitude, in radians of the equator. */
    static double mercatorY(double latitude) {
        return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(latitude) / 2));
    }

    /** The picture whose row {@code py} is the field's row {@code sourceRows[py]}, {@code w} pixels wide. */
    private static byte[] png(Field field, Palette palette, int[] sourceRows, int w) {
        int columns = field.columns();
        int h = sourceRows.length;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, colourModel(palette));
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        float[] values = field.values();
        // Precomputed colour index per position: value -> 1..LEVELS, NaN -> 0 (transparent).
        int last = Palette.LEVELS - 1;
        boolean linear = !palette.log();
        double min = palette.min();
        double span = palette.max() - palette.min();
        boolean clearBelow = palette.clearBelow();
        for (int py = 0; py < h; py++) {
            int base = sourceRows[py] * columns;
            int out = py * w;
            for (int px = 0; px < w; px++) {
                int column = w == columns ? px : (int) ((px + 0.5) * columns / w);
                float v = values[base + column];
                if (Float.isNaN(v) || clearBelow && v < min) {
                    pixels[out + px] = 0;
                } else if (linear) {
                    double p = (v - min) / span; // as Palette.position, so colours match it exactly
                    pixels[out + px] = (byte) (1 + (int) Math.round((p < 0 ? 0 : p > 1 ? 1 : p) * last));
                } else {
                    pixels[out + px] = (byte) (1 + (int) Math.round(palette.position(v) * last));
                }
            }
        }
        return encode(image);
    }

    /** A horizontal colour bar of the palette, {@code width x height} pixels, low values on the left. */
    public static byte[] legend(Palette palette, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, colourModel(palette));
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int x = 0; x < width; x++) {
            byte index = (byte) (1 + Math.round(x / (double) (width - 1) * (Palette.LEVELS - 1)));
            for (int y = 0; y < height; y++) {
                pixels[y * width + x] = index;
            }
        }
        return encode(image);
    }

    /** Entry 0 transparent, 1..LEVELS the palette's colours, the last entry unused (opaque black). */
    static IndexColorModel colourModel(Palette palette) {
        int[] table = palette.table();
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        byte[] a = new byte[256];
        for (int i = 0; i < table.length; i++) {
            r[i + 1] = (byte) (table[i] >> 16);
            g[i + 1] = (byte) (table[i] >> 8);
            b[i + 1] = (byte) table[i];
            a[i + 1] = (byte) 0xff;
        }
        a[255] = (byte) 0xff;
        return new IndexColorModel(8, 256, r, g, b, a);
    }

    /**
     * PNG-encodes with deflate level 1 rather than the writer's default: for these smooth indexed images it is several
     * times faster and the file hardly larger (a 970 x 1042 field is ~70-100 KiB either way).
     */
    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // The JDK's PNG writer uses deflate level (int) (9 * (1 - quality)): 0.85 gives level 1.
            param.setCompressionQuality(0.85f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
