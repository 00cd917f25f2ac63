package io.isobar.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectIdentityTest {

    @Test
    void anS3ObjectIsItsBucketAndKey() {
        ObjectIdentity o = new ObjectIdentity("bucket", "a/b.nc", 10, "\"abc\"");
        assertThat(o.scheme()).isEqualTo(ObjectIdentity.S3);
        assertThat(o.uri()).isEqualTo("s3://bucket/a/b.nc");
        assertThat(o.etag()).isEqualTo("abc");
        assertThat(o.dedupKey()).isEqualTo("s3://bucket/a/b.nc|abc");
        assertThat(o.id()).hasSize(16).isEqualTo(new ObjectIdentity("bucket", "a/b.nc", 99, null).id());
        assertThat(o.isLocalFile()).isFalse();
    }

    @Test
    void aLocalFileIsItsPathAndNeverSharesAnIdWithAnS3Object() {
        ObjectIdentity f = ObjectIdentity.localFile("/data/a/b.nc", 10, null);
        assertThat(f.isLocalFile()).isTrue();
        assertThat(f.uri()).isEqualTo("file:///data/a/b.nc");
        assertThat(f.dedupKey()).isEqualTo("file:///data/a/b.nc|10");
        assertThat(f.id()).isNotEqualTo(new ObjectIdentity("data", "a/b.nc", 10, null).id());
        assertThat(f.withVersion(11, "e").uri()).isEqualTo(f.uri());
    }

    @Test
    void rejectsIncompleteIdentities() {
        assertThatThrownBy(() -> new ObjectIdentity(null, "k", 1, null)).hasMessageContaining("bucket is required");
        assertThatThrownBy(() -> new ObjectIdentity("b", " ", 1, null)).hasMessageContaining("key is required");
        assertThatThrownBy(() -> ObjectIdentity.localFile("relative.nc", 1, null)).hasMessageContaining("absolute path");
    }
}
