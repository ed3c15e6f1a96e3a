package io.github.chunkstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chunkstore.ChunkstoreCodec.Mode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the bytes every mode writes for one fixed input, through flushes and merges, so that a
 * change to the code that is not meant to change the format is proven not to. The hash covers each
 * stored-fields file between its index header (which holds the random segment id) and its footer
 * (whose checksum covers that id). A deliberate change of what the writer chooses (chunk or block
 * sizes, which dictionary) updates these hashes in the same commit; a layout change also bumps the
 * format version.
 */
class PinnedFileBytesTest {

  private static final String[] EXTENSIONS = {"csd", "csx", "csm"};

  @ParameterizedTest
  @EnumSource(Mode.class)
  void flushedAndMergedFilesKeepTheirBytes(Mode mode) throws Exception {
    try (Directory dir = new ByteBuffersDirectory()) {
      IndexWriterConfig config =
          new IndexWriterConfig().setCodec(TestCodecs.withSmallDictionaryThreshold(mode));
      config.setUseCompoundFile(false);
      config.setMaxBufferedDocs(1500);
      config.setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH);
      config.setMergeScheduler(new SerialMergeScheduler());
      LogDocMergePolicy policy = new LogDocMergePolicy();
      policy.setNoCFSRatio(0.0);
      policy.setMergeFactor(3);
      config.setMergePolicy(policy);
      String flushed;
      try (IndexWriter writer = new IndexWriter(dir, config)) {
        Random random = new Random(20261205L);
        for (int i = 0; i < 9000; i++) {
          writer.addDocument(document(random, i));
          if (i % 997 == 0) {
            writer.deleteDocuments(new Term("id", Integer.toString(i / 2)));
          }
        }
        writer.commit();
        flushed = digest(dir);
        writer.forceMerge(1);
        writer.commit();
      }
      String merged = digest(dir);
      assertEquals(expected(mode), flushed + " " + merged, "stored-fields bytes of mode " + mode);
    }
  }

  private static String expected(Mode mode) {
    return switch (mode) {
      case BEST_SPEED -> "6:1b1b4b6cfef05d92 3:4397066615e9185b";
      case BEST_COMPRESSION -> "6:33e332d65b12842a 3:1bef46e98c4094c8";
      case DICTIONARY -> "6:693da56d9b35906b 3:e6c8b850dc66c6b3";
    };
  }

  /** A GeoNames-like row: numbers, short strings, free text, and a JSON _source every other doc. */
  private static Document document(Random random, int id) {
    Document doc = new Document();
    doc.add(new StringField("id", Integer.toString(id), Field.Store.YES));
    String name = word(random, 4 + random.nextInt(8));
    doc.add(new StoredField("name", name));
    double lat = Math.round((random.nextDouble() * 180 - 90) * 1e5) / 1e5;
    double lon = Math.round((random.nextDouble() * 360 - 180) * 1e5) / 1e5;
    doc.add(new StoredField("lat", lat));
    doc.add(new StoredField("lon", lon));
    long population = random.nextInt(4) == 0 ? 0 : (long) Math.exp(random.nextDouble() * 15);
    doc.add(new StoredField("population", population));
    doc.add(new StoredField("elevation", random.nextInt(3000) - 100));
    doc.add(new StoredField("score", random.nextFloat()));
    if (random.nextInt(3) != 0) {
      doc.add(new StoredField("alternate", word(random, 3 + random.nextInt(30))));
    }
    if (random.nextInt(50) == 0) {
      byte[] noise = new byte[random.nextInt(40_000)];
      random.nextBytes(noise);
      doc.add(new StoredField("blob", new BytesRef(noise)));
    }
    if (id % 2 == 0) {
      String json =
          String.format(
              Locale.ROOT,
              "{\"geonameid\":%d,\"name\":\"%s\",\"latitude\":%s,\"longitude\":%s,"
                  + "\"population\":%d,\"timezone\":\"Europe/%s\"}",
              id,
              name,
              lat,
              lon,
              population,
              word(random, 6));
      doc.add(new StoredField("_source", new BytesRef(json)));
    }
    return doc;
  }

  private static String word(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(12);
      sb.append(
          kind < 10
              ? (char) ('a' + random.nextInt(random.nextInt(26) + 1))
              : kind < 11 ? ' ' : 'é');
    }
    return sb.toString();
  }

  /** SHA-256 of every stored-fields file's body, in file-name order, first 16 hex digits. */
  private static String digest(Directory dir) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    TreeSet<String> names = new TreeSet<>();
    for (String file : dir.listAll()) {
      for (String extension : EXTENSIONS) {
        if (file.endsWith("." + extension)) {
          names.add(file);
        }
      }
    }
    for (String file : names) {
      try (IndexInput in = dir.openInput(file, IOContext.READONCE)) {
        in.seek(4); // magic
        int nameLength = in.readVInt();
        in.seek(in.getFilePointer() + nameLength + Integer.BYTES + 16); // name, version, segment id
        int suffixLength = in.readByte() & 0xFF;
        long start = in.getFilePointer() + suffixLength;
        long end = in.length() - 16; // footer
        byte[] body = new byte[Math.toIntExact(end - start)];
        in.seek(start);
        in.readBytes(body, 0, body.length);
        sha.update(
            file.substring(file.lastIndexOf('.'))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(body);
      }
    }
    return names.size() + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
  }
}
