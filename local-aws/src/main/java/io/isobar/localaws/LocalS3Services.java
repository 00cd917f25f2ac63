package io.isobar.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.xml.stream.XMLInputFactory;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.robothy.s3.core.model.internal.BucketMetadata;
import com.robothy.s3.core.model.internal.LocalS3Metadata;
import com.robothy.s3.core.service.BucketService;
import com.robothy.s3.core.service.InMemoryBucketService;
import com.robothy.s3.core.service.InMemoryObjectService;
import com.robothy.s3.core.service.ObjectService;
import com.robothy.s3.core.service.loader.FileSystemS3MetadataLoader;
import com.robothy.s3.core.service.manager.LocalS3Manager;
import com.robothy.s3.core.service.manager.LocalS3ServicesInvocationHandler;
import com.robothy.s3.core.service.manager.vectors.LocalS3VectorsManager;
import com.robothy.s3.core.service.s3vectors.S3VectorsService;
import com.robothy.s3.core.storage.FileSystemBucketMetadataStore;
import com.robothy.s3.core.storage.MetadataStore;
import com.robothy.s3.core.storage.Storage;
import com.robothy.s3.core.util.JsonUtils;
import com.robothy.s3.rest.service.DefaultServiceFactory;
import com.robothy.s3.rest.service.ServiceFactory;

/**
 * local-s3's request handlers' services, assembled from its public parts: the bucket and object services (in memory,
 * or persisted in a data directory), the vectors service its router wants, and the XML and JSON mappers its handlers
 * read and write with. We assemble them ourselves because {@code LocalS3.start()}, which would, binds every network
 * interface and registers a JVM shutdown hook per instance.
 *
 * <p>Persisted, every bucket's object list lives in one JSON file, {@code <bucket>.bucket.meta}, rewritten after every
 * change. local-s3's own store truncates and writes it in place, so a process killed during the write loses the
 * bucket's whole object list; {@link AtomicBucketMetadataStore} writes a temporary file beside it and renames it over
 * the old one, so the file on disk is always a complete old or new version (object data files are written before
 * the metadata names them).
 */
final class LocalS3Services {

    private static final String TEMP_SUFFIX = ".isobar-tmp";

    private LocalS3Services() {}

    /** The services of an S3 emulator keeping its data in {@code dataDir}, or in memory when it is null. */
    static ServiceFactory create(Path dataDir) {
        ServiceFactory services = new DefaultServiceFactory();
        BucketService buckets;
        ObjectService objects;
        if (dataDir == null) {
            LocalS3Manager manager = LocalS3Manager.createInMemoryS3Manager();
            buckets = manager.bucketService();
            objects = manager.objectService();
        } else {
            removeLeftovers(dataDir);
            LocalS3Metadata metadata = FileSystemS3MetadataLoader.create().load(dataDir);
            Storage storage = Storage.createPersistent(dataDir.resolve(LocalS3Manager.STORAGE_DIRECTORY));
            MetadataStore<BucketMetadata> store = new AtomicBucketMetadataStore(dataDir);
            buckets = persisted(BucketService.class, InMemoryBucketService.create(metadata), metadata, store);
            objects = persisted(ObjectService.class, InMemoryObjectService.create(metadata, storage), metadata, store);
        }
        S3VectorsService vectors = LocalS3VectorsManager.createInMemory().s3VectorsService();
        XmlMapper xml = xmlMapper();
        ObjectMapper json = jsonMapper();
        services.register(BucketService.class, () -> buckets);
        services.register(ObjectService.class, () -> objects);
        services.register(S3VectorsService.class, () -> vectors);
        services.register(XmlMapper.class, () -> xml);
        services.register(ObjectMapper.class, () -> json);
        return services;
    }

    /** {@code service}, with local-s3's own handler writing a bucket's metadata to {@code store} after each change. */
    private static <T> T persisted(Class<T> type, T service, LocalS3Metadata metadata, MetadataStore<BucketMetadata> store) {
        var handler = new LocalS3ServicesInvocationHandler<>(service, bucket -> metadata.getBucketMetadata(bucket).orElseThrow(),
                store);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** S3's XML, read without namespaces, DTDs or external entities; unknown elements ignored. */
    private static XmlMapper xmlMapper() {
        XMLInputFactory input = new WstxInputFactory();
        input.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
        input.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        XmlMapper xml = new XmlMapper(new XmlFactory(input, new WstxOutputFactory()));
        xml.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        xml.registerModule(new Jdk8Module());
        xml.registerModule(new JavaTimeModule());
        return xml;
    }

    private static ObjectMapper jsonMapper() {
        ObjectMapper json = new ObjectMapper();
        json.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        json.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        json.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        json.registerModule(new Jdk8Module());
        json.registerModule(new JavaTimeModule());
        return json;
    }

    /** Temporary files a process killed mid-write left behind. */
    private static void removeLeftovers(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            try (Stream<Path> files = Files.list(dataDir)) {
                for (Path leftover : files.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the local S3 data directory " + dataDir, e);
        }
    }

    /** local-s3's bucket metadata store, except that a bucket's file is replaced atomically, never rewritten in place. */
    static final class AtomicBucketMetadataStore implements MetadataStore<BucketMetadata> {
        private static final AtomicLong SEQUENCE = new AtomicLong();

        private final Path dir;
        private final MetadataStore<BucketMetadata> files;

        AtomicBucketMetadataStore(Path dir) {
            this.dir = dir;
            this.files = FileSystemBucketMetadataStore.create(dir);
        }

        @Override
        public BucketMetadata fetch(String bucket) {
            return files.fetch(bucket);
        }

        @Override
        public String store(String bucket, BucketMetadata metadata) {
            Path target = dir.resolve(metadata.getBucketName() + ".bucket.meta");
            Path temp = target.resolveSibling(target.getFileName() + "." + SEQUENCE.incrementAndGet() + TEMP_SUFFIX);
            try {
                Files.writeString(temp, JsonUtils.toJson(metadata), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return metadata.getBucketName();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the local S3 metadata of bucket " + metadata.getBucketName(), e);
            } finally {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the rename took it, or the next start removes it
                }
            }
        }

        @Override
        public void delete(String bucket) {
            files.delete(bucket);
        }

        @Override
        public List<BucketMetadata> fetchAll() {
            return files.fetchAll();
        }
    }
}
