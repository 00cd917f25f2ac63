package io.isobar.job.source.sqs;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;

/** Writes {@link SqsSplit}s into reader checkpoints: version 1 is the split id, nothing else. */
final class SqsSplitSerializer implements SimpleVersionedSerializer<SqsSplit> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SqsSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeUTF(split.splitId());
        return out.getCopyOfBuffer();
    }

    @Override
    public SqsSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Cannot read an SQS split of serializer version " + version
                    + ": this reader knows version " + VERSION);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new SqsSplit(in.readUTF());
    }
}
