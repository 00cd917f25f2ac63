package io.isobar.netcdf.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class StoredLayoutTest {

    @Test
    void equalLayoutsAreEqualAndHashEqualThoughTheirArraysDiffer() {
        byte[] bytes = random(1394, 1);
        StoredLayout a = StoredLayout.inline(bytes);
        StoredLayout b = StoredLayout.inline(bytes.clone());
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(StoredLayout.sidecar("s3://a/k.chunks")).isEqualTo(StoredLayout.sidecar("s3://a/k.chunks"))
                .hasSameHashCodeAs(StoredLayout.sidecar("s3://a/k.chunks"));
    }

    @Test
    void layoutsDifferingInOneByteAreNotEqualEvenWhenTheirSampledHashesMatch() {
        byte[] bytes = random(1394, 2);
        byte[] changed = bytes.clone();
        changed[700] ^= 1;
        assertThat(StoredLayout.inline(bytes)).isNotEqualTo(StoredLayout.inline(changed));
        assertThat(StoredLayout.inline(bytes)).isNotEqualTo(StoredLayout.inline(new byte[0]));
        assertThat(StoredLayout.inline(new byte[0])).isEqualTo(StoredLayout.inline(new byte[0]));
    }

    @Test
    void differentLayoutsHashApart() {
        Set<Integer> hashes = new HashSet<>();
        for (int seed = 0; seed < 200; seed++) {
            hashes.add(StoredLayout.inline(random(1000 + seed % 7, seed)).hashCode());
        }
        assertThat(hashes).hasSizeGreaterThan(195);
        assertThat(StoredLayout.inline(new byte[] {1}).hashCode()).isNotEqualTo(StoredLayout.inline(new byte[] {2}).hashCode());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
