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

import io.isobar.netcdf.grid.ChunkCache.Field;

/**
 * Turns a 2-D field into a PNG picture in its native grid: one pixel per cell (or fewer, sampled to a width), north
 * up, coloured by a {@link Palette} in the field's own units, transparent where the field has no value (and, for a
 * palette that clears them, below its range). The picture is an indexed-colour PNG
 * (a 256-entry colour table whose entry 0 is fully transparent), encoded by the JDK's {@code javax.imageio}.
 */
public final class MapRenderer {

    private MapRenderer() {}

    /**
     * The picture of {@code field}.
     *
     * @param northUp true when the field's first row is its southernmost (y ascending), so rows are flipped
     * @param width the picture's width in pixels (at most the field's columns); its height keeps the aspect ratio
     */
    public static byte[] png(Field field, Palette palette, boolean northUp, int width) {
        int columns = field.columns();
        int rows = field.rows();
        int w = Math.max(1, Math.min(width, columns));
        int h = Math.max(1, (int) Math.round(rows * (w / (double) columns)));
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
            int sourceRow = (int) ((py + 0.5) * rows / h);
            int row = northUp ? rows - 1 - sourceRow : sourceRow;
            int base = row * columns;
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
