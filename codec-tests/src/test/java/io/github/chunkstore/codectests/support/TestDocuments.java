package io.github.chunkstore.codectests.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;

/**
 * Deterministic test data: documents are a function of (seed, id), so a child JVM can rebuild the
 * exact expectation from two numbers.
 *
 * <p>Every generated document carries an indexed, unstored {@value #ID} term (to find it) and the
 * same id as sorted doc values (to name any docID without touching stored fields). Its stored
 * fields are the {@link FieldValue} list the generator returns, which may be empty: a document with
 * no stored field at all is part of the data.
 */
public final class TestDocuments {

  /** Name of the id term and doc-values field of generated documents (never stored). */
  public static final String ID = "id";

  private static final String[] NAMES = {
    "name", "title", "body", "city", "tags", "count", "views", "price", "score", "ratio", "payload",
    "thumb", "lat", "lon", "note", "created", "flags", "digest"
  };

  private static final String[] WORDS = {
    "river",
    "mountain",
    "harbour",
    "station",
    "market",
    "bridge",
    "valley",
    "north",
    "south",
    "old",
    "new",
    "saint",
    "lake",
    "castle",
    "forest",
    "upper",
    "lower",
    "port",
    "field",
    "hill"
  };

  private static final String[] UNICODE_SAMPLES = {
    "Zürich",
    "Kraków",
    "Reykjavík",
    "São Paulo",
    "Москва",
    "東京",
    "القاهرة",
    "Αθήνα",
    "𝄞 music",
    "emoji 😀 ok",
    "tab\tand\nnewline",
    ""
  };

  private TestDocuments() {}

  /** The random source for document {@code id} under {@code seed}. */
  public static Random randomFor(long seed, String id) {
    return new Random(seed * 0x9E3779B97F4A7C15L ^ id.hashCode() * 0xC2B2AE3D27D4EB4FL);
  }

  /** The stored fields of document {@code id}, a deterministic function of (seed, id). */
  public static List<FieldValue> storedFields(long seed, String id) {
    return randomStoredFields(randomFor(seed, id));
  }

  /**
   * A random list of stored fields: every value type, repeated names, extreme numbers (NaN, -0.0,
   * infinities, MIN/MAX), empty and supplementary-plane strings, empty, incompressible and JSON
   * binary values, documents of only a JSON {@code _source}, and now and then a value larger than a
   * typical chunk.
   */
  public static List<FieldValue> randomStoredFields(Random r) {
    List<FieldValue> fields = new ArrayList<>();
    if (r.nextInt(12) == 0) {
      return fields; // a document without any stored field
    }
    if (r.nextInt(4) == 0) {
      // Only a `_source`: documents of one shape, so BEST_COMPRESSION keeps their keys apart.
      fields.add(FieldValue.ofBinary("_source", jsonObject(r).getBytes(StandardCharsets.UTF_8)));
      return fields;
    }
    int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 40 : 10);
    for (int i = 0; i < n; i++) {
      String name = NAMES[r.nextInt(NAMES.length)];
      fields.add(randomValue(r, name));
    }
    return fields;
  }

  private static FieldValue randomValue(Random r, String name) {
    switch (r.nextInt(6)) {
      case 0:
        return FieldValue.ofString(name, randomString(r));
      case 1:
        return FieldValue.ofInt(
            name,
            switch (r.nextInt(6)) {
              case 0 -> Integer.MIN_VALUE;
              case 1 -> Integer.MAX_VALUE;
              case 2 -> 0;
              case 3 -> -1;
              default ->
                  r.nextInt(r.nextBoolean() ? 1000 : Integer.MAX_VALUE)
                      * (r.nextBoolean() ? 1 : -1);
            });
      case 2:
        return FieldValue.ofLong(
            name,
            switch (r.nextInt(6)) {
              case 0 -> Long.MIN_VALUE;
              case 1 -> Long.MAX_VALUE;
              case 2 -> 0L;
              case 3 -> 1_700_000_000_000L + r.nextInt(1_000_000); // epoch millis
              default -> r.nextLong();
            });
      case 3:
        return FieldValue.ofFloat(
            name,
            switch (r.nextInt(8)) {
              case 0 -> Float.NaN;
              case 1 -> -0.0f;
              case 2 -> Float.POSITIVE_INFINITY;
              case 3 -> Float.NEGATIVE_INFINITY;
              case 4 -> Float.MIN_VALUE;
              case 5 -> Float.intBitsToFloat(r.nextInt());
              default -> r.nextFloat() * 1000f;
            });
      case 4:
        return FieldValue.ofDouble(
            name,
            switch (r.nextInt(8)) {
              case 0 -> Double.NaN;
              case 1 -> -0.0d;
              case 2 -> Double.POSITIVE_INFINITY;
              case 3 -> Double.MAX_VALUE;
              case 4 -> Double.MIN_VALUE;
              case 5 -> Double.longBitsToDouble(r.nextLong());
              default -> (r.nextDouble() - 0.5) * 360;
            });
      default:
        return FieldValue.ofBinary(name, randomBytes(r));
    }
  }

  private static String randomString(Random r) {
    switch (r.nextInt(10)) {
      case 0:
        return "";
      case 1:
        return UNICODE_SAMPLES[r.nextInt(UNICODE_SAMPLES.length)];
      case 2:
        {
          // Arbitrary code points, including the supplementary planes (never lone surrogates).
          StringBuilder sb = new StringBuilder();
          int len = r.nextInt(40);
          for (int i = 0; i < len; i++) {
            int cp;
            do {
              cp = r.nextInt(r.nextBoolean() ? 0x800 : Character.MAX_CODE_POINT + 1);
            } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
            sb.appendCodePoint(cp);
          }
          return sb.toString();
        }
      case 3:
        // Long and compressible, sometimes larger than a chunk.
        return sentence(r, r.nextInt(20) == 0 ? 12_000 + r.nextInt(12_000) : 50 + r.nextInt(400));
      default:
        return sentence(r, 1 + r.nextInt(12));
    }
  }

  private static byte[] randomBytes(Random r) {
    if (r.nextInt(3) == 0) {
      return jsonObject(r).getBytes(StandardCharsets.UTF_8);
    }
    int len =
        switch (r.nextInt(10)) {
          case 0 -> 0;
          case 1 -> 1;
          case 2 -> r.nextInt(20) == 0 ? 70_000 + r.nextInt(70_000) : 500 + r.nextInt(3000);
          default -> 1 + r.nextInt(64);
        };
    byte[] b = new byte[len];
    if (r.nextBoolean()) {
      r.nextBytes(b); // incompressible
    } else {
      for (int i = 0; i < len; i++) {
        b[i] = (byte) ("abcabcabd".charAt(i % 9) + (i % 97 == 0 ? 1 : 0)); // compressible
      }
    }
    return b;
  }

  /** Key sets a `_source` object takes, so that documents share them as an index's documents do. */
  private static final String[][] JSON_KEYS = {
    {"id", "title", "tags", "where"},
    {"id", "title", "tags", "where", "extra"},
    {"user", "message", "score"},
  };

  /**
   * A JSON object as Elasticsearch stores {@code _source}, whose keys BEST_COMPRESSION keeps apart
   * from its values: recurring key sets, now and then pretty-printed, with escapes, nested objects
   * and arrays, and sometimes a one-off key or a trailing space (stored whole).
   */
  private static String jsonObject(Random r) {
    String[] keys = JSON_KEYS[r.nextInt(JSON_KEYS.length)];
    if (r.nextInt(10) == 0) {
      keys = new String[] {"k" + r.nextInt(1_000_000)};
    }
    boolean pretty = r.nextInt(5) == 0;
    StringBuilder json = new StringBuilder("{");
    for (int k = 0; k < keys.length; k++) {
      json.append(k == 0 ? "" : ",")
          .append(pretty ? "\n  \"" : "\"")
          .append(keys[k])
          .append(pretty ? "\" : " : "\":");
      switch (r.nextInt(5)) {
        case 0 -> json.append(r.nextInt());
        case 1 ->
            json.append('"').append(sentence(r, r.nextInt(6)).replace("e", "\\\"")).append('"');
        case 2 -> json.append("[1,{\"deep\":\"},]\"},[]]");
        case 3 ->
            json.append("{\"lat\":")
                .append(r.nextDouble())
                .append(",\"lon\":")
                .append(r.nextDouble())
                .append('}');
        default -> json.append(r.nextBoolean() ? "true" : "null");
      }
    }
    json.append(pretty ? "\n}" : "}");
    return r.nextInt(20) == 0 ? json + " " : json.toString();
  }

  /** {@code words} words of pseudo-English separated by spaces. */
  public static String sentence(Random r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /**
   * A document with the given id term and doc values and exactly {@code stored} as its stored
   * fields. Binary values are handed to Lucene in the three equivalent forms in turn.
   */
  public static Document toDocument(String id, List<FieldValue> stored) {
    Document doc = new Document();
    doc.add(new StringField(ID, id, Field.Store.NO));
    doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
    int variant = id.hashCode();
    for (FieldValue value : stored) {
      doc.add(value.toStoredField(variant++));
    }
    return doc;
  }

  /** The generated document {@code id} under {@code seed}. */
  public static Document document(long seed, String id) {
    return toDocument(id, storedFields(seed, id));
  }

  // ---------------------------------------------------------------------------------------------
  // GeoNames-style rows (geonames.org "cities" dump layout, a few real places)

  /** One GeoNames row, the columns an application would keep. */
  public record GeoName(
      int geonameId,
      String name,
      String asciiName,
      String alternateNames,
      double latitude,
      double longitude,
      String featureClass,
      String featureCode,
      String countryCode,
      String admin1Code,
      long population,
      Integer elevation,
      int dem,
      String timezone,
      String modificationDate) {

    /** The row as the dump's tab-separated line. */
    public String tsv() {
      return String.join(
          "\t",
          Integer.toString(geonameId),
          name,
          asciiName,
          alternateNames,
          Double.toString(latitude),
          Double.toString(longitude),
          featureClass,
          featureCode,
          countryCode,
          admin1Code,
          Long.toString(population),
          elevation == null ? "" : elevation.toString(),
          Integer.toString(dem),
          timezone,
          modificationDate);
    }

    /** Stored fields for this row, numbers stored as numbers, the raw line as binary. */
    public List<FieldValue> storedFields() {
      List<FieldValue> f = new ArrayList<>();
      f.add(FieldValue.ofInt("geonameid", geonameId));
      f.add(FieldValue.ofString("name", name));
      f.add(FieldValue.ofString("asciiname", asciiName));
      if (!alternateNames.isEmpty()) {
        f.add(FieldValue.ofString("alternatenames", alternateNames));
      }
      f.add(FieldValue.ofDouble("latitude", latitude));
      f.add(FieldValue.ofDouble("longitude", longitude));
      f.add(FieldValue.ofString("feature_class", featureClass));
      f.add(FieldValue.ofString("feature_code", featureCode));
      f.add(FieldValue.ofString("country_code", countryCode));
      f.add(FieldValue.ofString("admin1_code", admin1Code));
      f.add(FieldValue.ofLong("population", population));
      if (elevation != null) {
        f.add(FieldValue.ofInt("elevation", elevation));
      }
      f.add(FieldValue.ofInt("dem", dem));
      f.add(FieldValue.ofString("timezone", timezone));
      f.add(FieldValue.ofString("modification_date", modificationDate));
      f.add(FieldValue.ofBinary("raw", tsv().getBytes(StandardCharsets.UTF_8)));
      return f;
    }
  }

  /** A handful of real places, as the GeoNames cities dump describes them. */
  public static final List<GeoName> REAL_PLACES =
      List.of(
          new GeoName(
              2988507,
              "Paris",
              "Paris",
              "Lutetia,Paname,Parigi,Parijs,Paryż,Париж,パリ,巴黎",
              48.85341,
              2.3488,
              "P",
              "PPLC",
              "FR",
              "11",
              2138551,
              null,
              42,
              "Europe/Paris",
              "2024-09-05"),
          new GeoName(
              2643743,
              "London",
              "London",
              "Londinium,Londra,Londres,Lundúnir,Лондон,ロンドン,伦敦",
              51.50853,
              -0.12574,
              "P",
              "PPLC",
              "GB",
              "ENG",
              8961989,
              null,
              25,
              "Europe/London",
              "2024-08-27"),
          new GeoName(
              2950159,
              "Berlin",
              "Berlin",
              "Berlyn,Berlín,Berlino,Берлин,ベルリン,柏林",
              52.52437,
              13.41053,
              "P",
              "PPLC",
              "DE",
              "16",
              3426354,
              74,
              43,
              "Europe/Berlin",
              "2022-04-04"),
          new GeoName(
              1850147,
              "Tokyo",
              "Tokyo",
              "Edo,Tokio,Tòquio,Токио,東京",
              35.6895,
              139.69171,
              "P",
              "PPLC",
              "JP",
              "40",
              8336599,
              null,
              44,
              "Asia/Tokyo",
              "2024-05-13"),
          new GeoName(
              5128581,
              "New York City",
              "New York City",
              "Big Apple,NYC,Nueva York,Нью-Йорк,ニューヨーク",
              40.71427,
              -74.00597,
              "P",
              "PPL",
              "US",
              "NY",
              8804190,
              10,
              57,
              "America/New_York",
              "2024-03-20"),
          new GeoName(
              3448439,
              "São Paulo",
              "Sao Paulo",
              "Sampa,San Paulo,Сан-Паулу,サンパウロ",
              -23.5475,
              -46.63611,
              "P",
              "PPLA",
              "BR",
              "27",
              10021295,
              null,
              769,
              "America/Sao_Paulo",
              "2023-01-12"),
          new GeoName(
              3413829,
              "Reykjavík",
              "Reykjavik",
              "Reikiavik,Reykjavik,Рейкявик,レイキャヴィーク",
              64.13548,
              -21.89541,
              "P",
              "PPLC",
              "IS",
              "39",
              118918,
              null,
              38,
              "Atlantic/Reykjavik",
              "2019-09-05"),
          new GeoName(
              3094802,
              "Kraków",
              "Krakow",
              "Cracovia,Cracow,Krakau,Краков,クラクフ",
              50.06143,
              19.93658,
              "P",
              "PPLA",
              "PL",
              "77",
              755050,
              null,
              206,
              "Europe/Warsaw",
              "2023-11-21"),
          new GeoName(
              524901,
              "Moscow",
              "Moscow",
              "Moskau,Moskva,Moscou,Москва,モスクワ,莫斯科",
              55.75222,
              37.61556,
              "P",
              "PPLC",
              "RU",
              "48",
              10381222,
              null,
              144,
              "Europe/Moscow",
              "2022-12-10"),
          new GeoName(
              2657896,
              "Zürich",
              "Zurich",
              "Turicum,Zurigo,Zurich,Цюрих,チューリッヒ",
              47.36667,
              8.55,
              "P",
              "PPLA",
              "CH",
              "ZH",
              341730,
              null,
              429,
              "Europe/Zurich",
              "2024-02-28"),
          new GeoName(
              3530597,
              "Mexico City",
              "Mexico City",
              "Ciudad de México,CDMX,Mexiko-Stadt,Мехико",
              19.42847,
              -99.12766,
              "P",
              "PPLC",
              "MX",
              "09",
              12294193,
              null,
              2240,
              "America/Mexico_City",
              "2023-01-15"),
          new GeoName(
              360630,
              "Cairo",
              "Cairo",
              "Al Qahirah,El Cairo,Kairo,القاهرة,Каир",
              30.06263,
              31.24967,
              "P",
              "PPLC",
              "EG",
              "11",
              7734614,
              null,
              23,
              "Africa/Cairo",
              "2023-06-10"),
          new GeoName(
              2147714,
              "Sydney",
              "Sydney",
              "Sidnej,Sídney,Сидней,シドニー,悉尼",
              -33.86785,
              151.20732,
              "P",
              "PPLA",
              "AU",
              "02",
              4627345,
              58,
              58,
              "Australia/Sydney",
              "2024-01-22"),
          new GeoName(
              3369157,
              "Cape Town",
              "Cape Town",
              "Kaapstad,Ciudad del Cabo,Кейптаун,ケープタウン",
              -33.92584,
              18.42322,
              "P",
              "PPLA",
              "ZA",
              "11",
              3433441,
              null,
              7,
              "Africa/Johannesburg",
              "2022-11-02"));

  private static final String[] FEATURE_CODES = {
    "PPL", "PPL", "PPL", "PPLA", "PPLA2", "PPLX", "PPLC"
  };
  private static final String[][] COUNTRY_ZONES = {
    {"FR", "Europe/Paris"},
    {"DE", "Europe/Berlin"},
    {"IT", "Europe/Rome"},
    {"ES", "Europe/Madrid"},
    {"US", "America/Chicago"},
    {"BR", "America/Sao_Paulo"},
    {"IN", "Asia/Kolkata"},
    {"JP", "Asia/Tokyo"},
    {"PL", "Europe/Warsaw"},
    {"MX", "America/Mexico_City"}
  };
  private static final String[] SYLLABLES = {
    "ber", "lin", "ka", "to", "mar", "ville", "sur", "san", "ta", "ro", "mo", "ri", "dor", "ach",
    "heim", "ov", "ska", "pol", "na", "gar"
  };

  /** A made-up but realistic GeoNames row, a function of {@code r}. */
  public static GeoName syntheticPlace(Random r, int geonameId) {
    StringBuilder name = new StringBuilder();
    int syllables = 2 + r.nextInt(3);
    for (int i = 0; i < syllables; i++) {
      name.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
    String ascii = name.toString();
    String display = r.nextInt(5) == 0 ? ascii.replace('a', 'á').replace('o', 'ö') : ascii;
    StringBuilder alternates = new StringBuilder();
    int alts = r.nextInt(4);
    for (int i = 0; i < alts; i++) {
      alternates
          .append(i == 0 ? "" : ",")
          .append(ascii)
          .append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    String[] cz = COUNTRY_ZONES[r.nextInt(COUNTRY_ZONES.length)];
    return new GeoName(
        geonameId,
        display,
        ascii,
        alternates.toString(),
        Math.round((r.nextDouble() * 180 - 90) * 1e5) / 1e5,
        Math.round((r.nextDouble() * 360 - 180) * 1e5) / 1e5,
        "P",
        FEATURE_CODES[r.nextInt(FEATURE_CODES.length)],
        cz[0],
        String.format("%02d", r.nextInt(30)),
        1000 + (long) (Math.pow(r.nextDouble(), 4) * 2_000_000),
        r.nextInt(3) == 0 ? r.nextInt(3000) : null,
        r.nextInt(3000),
        cz[1],
        String.format(
            "20%02d-%02d-%02d", 10 + r.nextInt(15), 1 + r.nextInt(12), 1 + r.nextInt(28)));
  }
}
