package io.github.chunkstore.opensearch.cluster;

import io.github.chunkstore.ChunkstoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * What a stopped node's shard copies hold on disk, read with Lucene and the codec jar of this JVM:
 * per segment, the codec name it records and, for Chunkstore, its mode. The REST API shows neither
 * (the segments API has no codec, and Chunkstore keeps its mode in its own files), so this is how
 * the test proves what the node wrote.
 */
public final class ShardSegments {
  /** One segment of one shard copy; {@code mode} is "-" when it is not a Chunkstore segment. */
  public record Segment(
      String index, Path shard, String name, String codec, String mode, int docs) {
    @Override
    public String toString() {
      return index + " " + shard + " " + name + " codec=" + codec + " mode=" + mode;
    }
  }

  private ShardSegments() {}

  /**
   * The segments of every shard copy under a node's data directory, of the indexes whose UUIDs are
   * keys of {@code indexByUuid}. Each segment also passes its files' checksum check.
   */
  public static List<Segment> read(Path dataDir, Map<String, String> indexByUuid)
      throws IOException {
    List<Segment> segments = new ArrayList<>();
    List<Path> shards;
    try (var paths = Files.walk(dataDir)) {
      shards =
          paths
              .filter(p -> p.getFileName().toString().equals("index") && Files.isDirectory(p))
              .filter(
                  p -> indexByUuid.containsKey(p.getParent().getParent().getFileName().toString()))
              .sorted()
              .toList();
    }
    for (Path shard : shards) {
      String index = indexByUuid.get(shard.getParent().getParent().getFileName().toString());
      try (Directory dir = FSDirectory.open(shard);
          DirectoryReader reader = DirectoryReader.open(dir)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          SegmentReader segment = (SegmentReader) leaf.reader();
          segment.checkIntegrity();
          String mode =
              ChunkstoreStats.of(segment.getFieldsReader())
                  .map(stats -> stats.mode().name())
                  .orElse("-");
          segments.add(
              new Segment(
                  index,
                  dataDir.relativize(shard),
                  segment.getSegmentName(),
                  segment.getSegmentInfo().info.getCodec().getName(),
                  mode,
                  segment.numDocs()));
        }
      }
    }
    return segments;
  }
}
