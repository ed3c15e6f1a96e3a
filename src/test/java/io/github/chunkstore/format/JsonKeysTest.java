package io.github.chunkstore.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;
import org.junit.jupiter.api.Test;

/**
 * JsonKeys splits exactly the values its Javadoc allows, joins them back byte for byte, and turns
 * damage into null.
 */
class JsonKeysTest {

  private static final String GEONAMES =
      "{\"geonameid\":2986043,\"name\":\"Pic de Font Blanca\",\"asciiname\":\"Pic de Font Blanca\","
          + "\"alternatenames\":\"Pic de Font Blanca,Pic du Port\",\"latitude\":42.64991,\"longitude\":1.53335,"
          + "\"feature_class\":\"T\",\"feature_code\":\"PK\",\"country_code\":\"AD\",\"cc2\":\"\","
          + "\"admin1_code\":\"00\",\"admin2_code\":\"\",\"admin3_code\":\"\",\"admin4_code\":\"\","
          + "\"population\":0,\"elevation\":null,\"dem\":2860,\"timezone\":\"Europe/Andorra\","
          + "\"modification_date\":\"2014-11-05\"}";

  private final BytesRefBuilder template = new BytesRefBuilder(); // reused: split clears it first
  private final BytesRefBuilder values = new BytesRefBuilder();

  @Test
  void acceptedValuesJoinBackIdentical() {
    roundTrip(GEONAMES, 19);
    roundTrip("{\n\t\"a\" : 1 ,\n  \"b\"\t:\r\n \"x\"\t,\"c\":[ 1 , 2 ]\n}", 3);
    roundTrip("{\"k\\\"ey\\\\\":\"v\\\\\\\"al,ue{}[]\",\"x\":\"\\\\\",\"a,b:{c}]\":\"\\\"}\"}", 3);
    roundTrip("{\"a\":{\"b\":[1,{\"c\":\"}\"}]},\"d\":[]}", 2);
    roundTrip("{\"\":\"\",\"e\":{},\"f\":[],\"g\":\"\"}", 4);
    roundTrip(
        "{\"name\":\"Z\u00fcrich\",\"\u540d\u524d\":\"\u0391\u03b8\u03ae\u03bd\u03b1\",\"emoji\":\"\ud83d\ude00\"}",
        3);
    roundTrip("{\"a\":1}", 1);
    roundTrip("{\"t\":true,\"f\":false,\"n\":null}", 3);
    roundTrip(object(JsonKeys.MAX_MEMBERS), JsonKeys.MAX_MEMBERS);
    roundTrip(
        "{\"" + "k".repeat(JsonKeys.MAX_KEY_BYTES - 4) + "\":1}",
        1); // key part {"k...": is exactly the limit
  }

  @Test
  void nonObjectsAndMalformedObjectsDoNotSplit() {
    String[] rejected = {
      "",
      "{",
      "}",
      "{}",
      "[1,2]",
      "\"str\"",
      "{\"a\":1} ",
      " {\"a\":1}",
      "{\"a\":1}{\"b\":2}",
      "{\"a\" 1}",
      "{a:1}",
      "{\"a\":1,}",
      "{\"a\":\"x}",
      "{\"a\":1]}",
      "{\"a:1}",
      "{\"a\"}",
      object(JsonKeys.MAX_MEMBERS + 1),
      "{\"" + "k".repeat(JsonKeys.MAX_KEY_BYTES - 3) + "\":1}",
      "{\""
          + "k".repeat(2000)
          + "\":1,\""
          + "k".repeat(2000)
          + "\":2,\""
          + "k".repeat(100)
          + "\":3}"
    };
    for (String value : rejected) {
      assertFalse(JsonKeys.split(new BytesRef(utf8(value)), template, values), value);
    }
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] = bytes[j] == '"' ? 0 : bytes[j]; // without a quote there is no key
      }
      if (bytes.length >= 2 && random.nextBoolean()) {
        bytes[0] = '{';
        bytes[bytes.length - 1] = '}';
      }
      assertFalse(JsonKeys.split(new BytesRef(bytes), template, values), Arrays.toString(bytes));
    }
  }

  @Test
  void whateverSplitsJoinsBackIdenticalEvenIfNotJson() {
    int oddSplits = 0;
    for (String odd :
        new String[] {
          "{\"a\":1 2}", "{\"a\":}", "{\"a\":[1}}", "{\"a\":]1}", "{\"a\":\"x\"\"y\"}"
        }) {
      if (JsonKeys.split(new BytesRef(utf8(odd)), template, values)) {
        oddSplits++;
        assertArrayEquals(utf8(odd), join(), odd);
      }
    }
    assertTrue(oddSplits > 0, "no invalid JSON split");
    String[] pieces = {
      "{", "}", "[", "]", "\"", "\\", ",", ":", "a", "1", " ", "\"a\":", "\"b\":", null
    };
    Random random = new Random(1234);
    BytesRefBuilder template2 = new BytesRefBuilder();
    BytesRefBuilder values2 = new BytesRefBuilder();
    BytesRef previous = null; // the last accepted template: split against it must agree
    int accepted = 0;
    int same = 0;
    for (int i = 0; i < 20_000; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (random.nextInt(10) < 9) {
        out.write('{');
      }
      for (int n = random.nextInt(16); n > 0; n--) {
        String piece = pieces[random.nextInt(pieces.length)];
        if (piece == null) {
          out.write(random.nextInt(256));
        } else {
          out.writeBytes(utf8(piece));
        }
      }
      if (random.nextInt(10) < 9) {
        out.write('}');
      }
      byte[] bytes = out.toByteArray();
      String shown = new String(bytes, StandardCharsets.ISO_8859_1);
      boolean split = JsonKeys.split(new BytesRef(bytes), template, values);
      int result = JsonKeys.split(new BytesRef(bytes), previous, template2, values2);
      assertEquals(split, result != JsonKeys.NOT_SPLIT, shown);
      if (split) {
        accepted++;
        assertArrayEquals(bytes, join(), shown);
        assertEquals(values.get(), values2.get(), shown);
        assertEquals(
            template.get(), result == JsonKeys.SAME_TEMPLATE ? previous : template2.get(), shown);
        same += result == JsonKeys.SAME_TEMPLATE ? 1 : 0;
        previous = BytesRef.deepCopyOf(template.get());
      }
    }
    assertTrue(accepted > 100, "only " + accepted + " of 20000 fuzzed values split");
    assertTrue(
        same > 10 && same < accepted,
        same + " of " + accepted + " split with the previous template");
  }

  @Test
  void templateAndValuesLayout() {
    assertTrue(JsonKeys.split(new BytesRef(utf8("{\"a\":1,\"bb\":\"x\"}")), template, values));
    byte[] expected = {2, 5, '{', '"', 'a', '"', ':', 5, '"', 'b', 'b', '"', ':'};
    assertArrayEquals(expected, BytesRef.deepCopyOf(template.get()).bytes);
    // Each value part ends with a zero byte in place of its separator.
    assertArrayEquals(utf8("1\0\"x\"\0"), BytesRef.deepCopyOf(values.get()).bytes);
  }

  @Test
  void damagedTemplateOrValuesJoinToNull() {
    byte[] t = {2, 5, '{', '"', 'a', '"', ':', 5, '"', 'b', 'b', '"', ':'};
    byte[] v = utf8("1\0\"x\"\0");
    assertArrayEquals(
        utf8("{\"a\":1,\"bb\":\"x\"}"), JsonKeys.join(t, 0, t.length, v, 0, v.length));
    assertNull(JsonKeys.join(t, 0, t.length, v, 0, v.length - 1), "values truncated");
    byte[] longer = Arrays.copyOf(v, v.length + 1);
    longer[v.length] = ' ';
    assertNull(
        JsonKeys.join(t, 0, t.length, longer, 0, longer.length), "trailing byte after values");
    assertNull(JsonKeys.join(t, 0, 0, v, 0, v.length), "empty template");
    assertNull(
        JsonKeys.join(t, 0, t.length - 1, v, 0, v.length), "last key part cut by templateEnd");
    assertNull(JsonKeys.join(new byte[] {0}, 0, 1, v, 0, v.length), "NumMembers 0");
    byte[] tooMany = {(byte) 0x80, 5, '{', '"', 'a', '"', ':'}; // NumMembers 128
    assertNull(JsonKeys.join(tooMany, 0, tooMany.length, v, 0, v.length), "NumMembers 128");
    byte[] pastEnd = {1, 10, '{', '"', 'a', '"', ':'};
    assertNull(
        JsonKeys.join(pastEnd, 0, pastEnd.length, utf8("1\0"), 0, 2),
        "key length past templateEnd");
    byte[] onePart = utf8("1 \"x\"\0");
    assertNull(
        JsonKeys.join(t, 0, t.length, onePart, 0, onePart.length),
        "one value part for two members");
    byte[] threeParts = utf8("1\0\"x\"\0\0");
    assertNull(
        JsonKeys.join(t, 0, t.length, threeParts, 0, threeParts.length),
        "three value parts for two members");
    byte[] huge = {
      2, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0
    }; // key length 2^31-1
    assertNull(
        assertDoesNotThrow(() -> JsonKeys.join(huge, 0, huge.length, v, 0, v.length)),
        "key length 2^31-1");

    String[] samples = {
      GEONAMES, "{\"a\":{\"b\":[1,{\"c\":\"}\"}]},\"d\":[]}", "{\"a\":1,\"bb\":\"x\"}", "{\"a\":{}}"
    };
    for (String sample : samples) {
      assertTrue(JsonKeys.split(new BytesRef(utf8(sample)), template, values));
      int valuesLength = values.length();
      assertNull(
          JsonKeys.join(
              template.bytes(), 0, template.length(), values.bytes(), 0, valuesLength - 1),
          sample);
      values.append((byte) '}');
      assertNull(
          JsonKeys.join(
              template.bytes(), 0, template.length(), values.bytes(), 0, valuesLength + 1),
          sample);
    }
    Random random = new Random(99);
    int nulls = 0;
    for (int i = 0; i < 1000; i++) {
      assertTrue(
          JsonKeys.split(
              new BytesRef(utf8(samples[random.nextInt(samples.length)])), template, values));
      byte[] tb = BytesRef.deepCopyOf(template.get()).bytes;
      byte[] vb = BytesRef.deepCopyOf(values.get()).bytes;
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        byte[] target = random.nextBoolean() ? tb : vb;
        target[random.nextInt(target.length)] ^= (byte) (1 << random.nextInt(8));
      }
      byte[] joined = assertDoesNotThrow(() -> JsonKeys.join(tb, 0, tb.length, vb, 0, vb.length));
      nulls += joined == null ? 1 : 0;
    }
    assertTrue(nulls > 0 && nulls < 1000, nulls + " of 1000 damaged pairs joined to null");
  }

  @Test
  void valueEndFindsTheTopLevelSeparator() {
    assertEquals(1, valueEnd("1,2}"));
    assertEquals(4, valueEnd("true}"));
    assertEquals(0, valueEnd("}"));
    assertEquals(7, valueEnd("\"x,}\\\"\"}")); // "x,}\"" then }
    assertEquals(4, valueEnd("\"\\\\\",\"}")); // "\\" then ,
    assertEquals(13, valueEnd("[1,{\"c\":\"}\"}],2}"));
    assertEquals(4, valueEnd("{[]},"));
    assertEquals(-1, valueEnd("1]}"));
    assertEquals(-1, valueEnd("[1]]}"));
    assertEquals(-1, valueEnd("123"));
    assertEquals(-1, valueEnd("[1,2}"));
    assertEquals(-1, valueEnd("\"abc,}"));
    assertEquals(-1, valueEnd("\"\\"));
    byte[] b = utf8("1,2,3}");
    assertEquals(3, JsonKeys.valueEnd(b, 2, b.length), "starts at from");
    assertEquals(-1, JsonKeys.valueEnd(b, 4, 5), "stops at end");
  }

  private void roundTrip(String json, int members) {
    byte[] bytes = utf8(json);
    assertTrue(JsonKeys.split(new BytesRef(bytes), template, values), json);
    assertEquals(members, template.byteAt(0), json);
    byte[] t = BytesRef.deepCopyOf(template.get()).bytes;
    byte[] v = BytesRef.deepCopyOf(values.get()).bytes;
    assertArrayEquals(bytes, join(), json);

    byte[] padded = new byte[bytes.length + 11]; // separators around the value must be ignored
    Arrays.fill(padded, (byte) '}');
    System.arraycopy(bytes, 0, padded, 5, bytes.length);
    assertTrue(JsonKeys.split(new BytesRef(padded, 5, bytes.length), template, values), json);
    assertArrayEquals(t, BytesRef.deepCopyOf(template.get()).bytes, json);
    assertArrayEquals(v, BytesRef.deepCopyOf(values.get()).bytes, json);
    byte[] tp = new byte[t.length + 10];
    byte[] vp = new byte[v.length + 6];
    Arrays.fill(tp, (byte) 3);
    Arrays.fill(vp, (byte) ',');
    System.arraycopy(t, 0, tp, 7, t.length);
    System.arraycopy(v, 0, vp, 2, v.length);
    assertArrayEquals(bytes, JsonKeys.join(tp, 7, 7 + t.length, vp, 2, v.length), json);
  }

  private byte[] join() {
    return JsonKeys.join(
        template.bytes(), 0, template.length(), values.bytes(), 0, values.length());
  }

  private static int valueEnd(String s) {
    byte[] b = utf8(s);
    return JsonKeys.valueEnd(b, 0, b.length);
  }

  private static String object(int members) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < members; i++) {
      sb.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
    }
    return sb.append('}').toString();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keysEqualToThePreviousTemplateAreNotCopiedAgain() {
    BytesRefBuilder previous = new BytesRefBuilder();
    assertTrue(JsonKeys.split(new BytesRef(utf8("{\"a\":1,\"b\":2}")), previous, values));
    BytesRef before = BytesRef.deepCopyOf(previous.get());
    String[][] cases = {
      {"{\"a\":7,\"b\":\"x\"}", "same"},
      {"{\"a\":7}", "new"}, // a prefix of the previous keys
      {"{\"a\":7,\"b\":8,\"c\":9}", "new"}, // more keys
      {"{\"a\":7,\"c\":8}", "new"}, // a different second key
      {"{\"a\" :7,\"b\":8}", "new"}, // the same key with other whitespace
      {"{\"b\":7,\"a\":8}", "new"},
    };
    for (String[] c : cases) {
      BytesRef value = new BytesRef(utf8(c[0]));
      int result = JsonKeys.split(value, before, template, values);
      assertEquals(
          c[1].equals("same") ? JsonKeys.SAME_TEMPLATE : JsonKeys.NEW_TEMPLATE, result, c[0]);
      BytesRefBuilder fresh = new BytesRefBuilder();
      BytesRefBuilder freshValues = new BytesRefBuilder();
      assertTrue(JsonKeys.split(value, fresh, freshValues));
      assertArrayEquals(
          BytesRef.deepCopyOf(freshValues.get()).bytes,
          BytesRef.deepCopyOf(values.get()).bytes,
          c[0]);
      BytesRef used = result == JsonKeys.SAME_TEMPLATE ? before : template.get();
      assertArrayEquals(
          BytesRef.deepCopyOf(fresh.get()).bytes, BytesRef.deepCopyOf(used).bytes, c[0]);
    }
  }

  @Test
  void aZeroByteAnywhereKeepsTheValueWhole() {
    assertFalse(JsonKeys.split(new BytesRef(utf8("{\"a\":\"x\0y\"}")), template, values));
    assertFalse(JsonKeys.split(new BytesRef(utf8("{\"a\0\":1}")), template, values));
  }

  @Test
  void nextEndFindsTheFirstZeroByteEightAtATime() {
    Random random = new Random(5);
    for (int i = 0; i < 5_000; i++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int j = 0; j < b.length; j++) {
        b[j] =
            random.nextInt(6) == 0 ? 0 : (byte) (1 + random.nextInt(255)); // 0x80 and 0x01 included
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length);
      int end = from + random.nextInt(b.length - from + 1);
      int expected = -1;
      for (int j = from; j < end && expected < 0; j++) {
        if (b[j] == 0) {
          expected = j;
        }
      }
      assertEquals(
          expected,
          JsonKeys.nextEnd(b, from, end),
          Arrays.toString(b) + " [" + from + ", " + end + ")");
    }
  }
}
