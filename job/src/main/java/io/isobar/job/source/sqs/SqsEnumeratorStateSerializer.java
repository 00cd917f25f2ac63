package io.isobar.job.source.sqs;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;

/** Writes the (empty) {@link SqsEnumeratorState}; versioned so that a later version can add to it. */
final class SqsEnumeratorStateSerializer implements SimpleVersionedSerializer<SqsEnumeratorState> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SqsEnumeratorState state) {
        return new byte[0];
    }

    @Override
    public SqsEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Cannot read an SQS enumerator checkpoint of serializer version " + version
                    + ": this enumerator knows version " + VERSION);
        }
        return new SqsEnumeratorState();
    }
}
