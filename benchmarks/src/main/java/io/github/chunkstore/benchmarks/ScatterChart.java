package io.github.chunkstore.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The README's chart: bytes per document (x) against random docs/s (y, logarithmic), one labelled
 * point per format and shape, for the first regime of the run; one panel per data set, stacked
 * (small multiples, each with its own scales). Drawn with Java2D, headless.
 */
final class ScatterChart {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 640;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;

  private static final Color[] CHUNKSTORE_COLORS = {
    new Color(0x1f77b4), new Color(0x2ca02c), new Color(0x9467bd), new Color(0x17becf)
  };
  private static final Color[] LUCENE_COLORS = {new Color(0xd62728), new Color(0xff7f0e)};

  private ScatterChart() {}

  static void write(BenchmarkReport report, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Regime regime = report.config().regimes().get(0);
    List<List<Measurement>> panels = new ArrayList<>();
    for (Dataset dataset : report.config().datasets()) {
      List<Measurement> points =
          report.medians().stream()
              .filter(m -> m.regime().equals(regime.id()) && m.dataset().equals(dataset.id()))
              .toList();
      if (!points.isEmpty()) {
        panels.add(points);
      }
    }
    BufferedImage image =
        new BufferedImage(WIDTH, HEIGHT * Math.max(1, panels.size()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < panels.size(); i++) {
        g.translate(0, i * HEIGHT);
        draw(g, report, regime, panels.get(i));
        g.translate(0, -i * HEIGHT);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void draw(
      Graphics2D g, BenchmarkReport report, Regime regime, List<Measurement> points) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    double minX = points.stream().mapToDouble(Measurement::bytesPerDoc).min().orElse(0);
    double maxX = points.stream().mapToDouble(Measurement::bytesPerDoc).max().orElse(1);
    double pad = Math.max(5, (maxX - minX) * 0.12);
    double x0 = Math.max(0, Math.floor((minX - pad) / 10) * 10);
    double x1 = Math.ceil((maxX + pad) / 10) * 10;
    double minY = points.stream().mapToDouble(Measurement::randomDocsPerSecond).min().orElse(1);
    double maxY = points.stream().mapToDouble(Measurement::randomDocsPerSecond).max().orElse(10);
    double y0 = Math.pow(10, Math.floor(Math.log10(Math.max(1, minY))));
    double y1 = Math.pow(10, Math.ceil(Math.log10(Math.max(maxY * 1.3, y0 * 10))));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    String title =
        String.format(
            Locale.ROOT,
            "Stored fields: size vs random fetch speed (%s, %s regime)",
            report.dataDescription(points.get(0)),
            regime.id());
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("up and to the left is better", LEFT, 48);

    // Grid and axes.
    g.setStroke(new BasicStroke(1f));
    for (double x = x0; x <= x1 + 1e-9; x += niceStep(x1 - x0)) {
      int px = LEFT + (int) Math.round((x - x0) / (x1 - x0) * plotW);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(px, TOP, px, TOP + plotH);
      g.setColor(Color.DARK_GRAY);
      centered(g, String.format(Locale.ROOT, "%.0f", x), px, TOP + plotH + 18);
    }
    for (double decade = y0; decade <= y1 * 1.0001; decade *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        double y = decade * m;
        if (y > y1 * 1.0001) {
          break;
        }
        int py = yPixel(y, y0, y1, plotH);
        g.setColor(m == 1 ? new Color(0xdddddd) : new Color(0xf2f2f2));
        g.drawLine(LEFT, py, LEFT + plotW, py);
        g.setColor(Color.DARK_GRAY);
        String text =
            y >= 1000
                ? String.format(Locale.ROOT, "%.0fk", y / 1000)
                : String.format(Locale.ROOT, "%.0f", y);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, LEFT - 8 - fm.stringWidth(text), py + 4);
      }
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    centered(
        g,
        "stored-fields bytes per document (on disk, smaller is better)",
        LEFT + plotW / 2,
        HEIGHT - 25);
    g.rotate(-Math.PI / 2);
    centered(g, "random docs/s (batches of 10, log scale)", -(TOP + plotH / 2), 25);
    g.rotate(Math.PI / 2);

    // Points.
    int chunkstoreIndex = 0;
    int luceneIndex = 0;
    java.util.Map<String, Color> colors = new java.util.HashMap<>();
    for (BenchFormat f : BenchFormat.all()) {
      colors.put(
          f.id(),
          f.isChunkstore()
              ? CHUNKSTORE_COLORS[chunkstoreIndex++ % CHUNKSTORE_COLORS.length]
              : LUCENE_COLORS[luceneIndex++ % LUCENE_COLORS.length]);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics labelMetrics = g.getFontMetrics();
    List<Rectangle> placed = new ArrayList<>();
    for (Measurement m : points) {
      int px = LEFT + (int) Math.round((m.bytesPerDoc() - x0) / (x1 - x0) * plotW);
      int py = yPixel(m.randomDocsPerSecond(), y0, y1, plotH);
      g.setColor(colors.getOrDefault(m.format(), Color.GRAY));
      if (m.shape().equals(DataShape.JSON.id())) {
        g.fillRect(px - 6, py - 6, 12, 12);
      } else {
        g.fillOval(px - 7, py - 7, 14, 14);
      }
      String label = BenchmarkReport.label(m.format()) + " (" + m.shape() + ")";
      g.setColor(Color.BLACK);
      Rectangle box = labelBox(label, px, py, labelMetrics, plotW, placed);
      placed.add(box);
      g.drawString(label, box.x, box.y + labelMetrics.getAscent());
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString(
        "circle: one stored field per column   square: the row as one JSON _source field",
        LEFT + 10,
        TOP + plotH - 10);
  }

  private static int yPixel(double y, double y0, double y1, int plotH) {
    double f = (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0));
    return TOP + plotH - (int) Math.round(f * plotH);
  }

  private static double niceStep(double range) {
    double raw = range / 8;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (raw <= m * magnitude) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /**
   * Where a point's label goes: above right of the point unless that leaves the plot or covers a
   * label already drawn, then above left, below right, below left (the first that fits).
   */
  private static Rectangle labelBox(
      String label, int px, int py, FontMetrics fm, int plotW, List<Rectangle> placed) {
    int w = fm.stringWidth(label);
    int h = fm.getHeight();
    int[][] offsets = {{10, -8 - h}, {-10 - w, -8 - h}, {10, 8}, {-10 - w, 8}};
    Rectangle fallback = null;
    for (int[] o : offsets) {
      Rectangle box = new Rectangle(px + o[0], py + o[1], w, h);
      boolean inside = box.x >= LEFT && box.x + w <= LEFT + plotW;
      boolean free = placed.stream().noneMatch(box::intersects);
      if (inside && free) {
        return box;
      }
      if (fallback == null && inside) {
        fallback = box;
      }
    }
    return fallback != null
        ? fallback
        : new Rectangle(px + offsets[0][0], py + offsets[0][1], w, h);
  }

  private static void centered(Graphics2D g, String text, int x, int y) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
  }
}
