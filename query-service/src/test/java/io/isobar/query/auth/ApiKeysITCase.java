package io.isobar.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.isobar.localaws.LocalAws;
import io.isobar.localaws.junit.LocalAwsExtension;
import io.isobar.query.IndexFixture;

@ExtendWith(LocalAwsExtension.class)
class ApiKeysITCase {

    private static IndexFixture index;
    private static ApiKeys keys;

    @BeforeAll
    static void tables(LocalAws aws) {
        index = new IndexFixture(aws, "keys");
        keys = new ApiKeys(index.dynamoDb(), index.tables().apiKeys(), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        index.close();
    }

    @Test
    void createsVerifiesListsAndRevokes() {
        CreatedApiKey created = keys.create("Alice's notebook");
        assertThat(created.key()).startsWith(ApiKeys.KEY_PREFIX).hasSizeGreaterThan(40);
        assertThat(created.toString()).doesNotContain(created.key());
        assertThat(keys.verify(created.key())).contains(created.record());
        assertThat(keys.verify(created.key() + "x")).isEmpty();
        assertThat(keys.list()).contains(created.record());

        ApiKeyRecord revoked = keys.revoke(created.record().keyId()).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(keys.verify(created.key())).isEmpty();
        assertThat(keys.list()).filteredOn(r -> r.keyId().equals(created.record().keyId())).singleElement()
                .satisfies(r -> assertThat(r.revokedAt()).isEqualTo(revoked.revokedAt()));
        // Revoking twice keeps the first time; an unknown id is empty.
        assertThat(keys.revoke(created.record().keyId())).map(ApiKeyRecord::revokedAt).contains(revoked.revokedAt());
        assertThat(keys.revoke("k-none")).isEmpty();
    }

    @Test
    void storesOnlyTheHash() {
        CreatedApiKey created = keys.create("hash only");
        String everything = index.dynamoDb().scan(b -> b.tableName(index.tables().apiKeys())).items().toString();
        assertThat(everything).doesNotContain(created.key()).contains(ApiKeys.hash(created.key()));
        assertThat(created.record().keyHash()).isEqualTo(ApiKeys.hash(created.key())).hasSize(64);
    }

    @Test
    void ensuresABootstrapKeyOnce() {
        ApiKeyRecord first = keys.ensure("local-bootstrap-key", "local");
        ApiKeyRecord second = keys.ensure("local-bootstrap-key", "local");
        assertThat(second).isEqualTo(first);
        assertThat(keys.verify("local-bootstrap-key")).contains(first);
        assertThatThrownBy(() -> keys.ensure("short", "local")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
