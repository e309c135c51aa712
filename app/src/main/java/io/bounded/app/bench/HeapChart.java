package io.bounded.app.bench;

import java.util.List;
import java.util.Locale;

/**
 * A hand-written SVG line chart of used heap over time, one line per series (the bounded component
 * first, in blue; the unbounded map in red), with the JVM's max heap as a dashed line when it fits
 * the scale.
 */
final class HeapChart {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 450;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 90;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  private HeapChart() {}

  static String svg(List<HeapSampler.HeapSeries> series, long maxHeap) {
    double maxSeconds = 1;
    long maxBytes = 1;
    for (HeapSampler.HeapSeries s : series) {
      for (int i = 0; i < s.nanos().length; i++) {
        maxSeconds = Math.max(maxSeconds, s.nanos()[i] / 1e9);
        maxBytes = Math.max(maxBytes, s.usedBytes()[i]);
      }
    }
    double yMaxMib = niceCeiling(maxBytes * 1.1 / 1048576.0);
    double xMax = niceCeiling(maxSeconds);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"24\" font-size=\"16\">Used heap under a flood of distinct keys:"
                + " bounded vs unbounded</text>\n",
            LEFT));
    for (int i = 0; i <= 5; i++) {
      double mib = yMaxMib * i / 5;
      double y = TOP + plotH - plotH * i / 5;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s MiB</text>\n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              LEFT - 6,
              y + 4,
              trim(mib)));
      double sec = xMax * i / 5;
      double x = LEFT + plotW * i / 5;
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s s</text>\n",
              x,
              TOP + plotH + 18,
              trim(sec)));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                + " stroke=\"#333\"/>\n",
            LEFT,
            TOP,
            plotW,
            plotH));
    double maxHeapMib = maxHeap / 1048576.0;
    if (maxHeapMib <= yMaxMib) {
      double y = TOP + plotH - plotH * maxHeapMib / yMaxMib;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\""
                  + " stroke-dasharray=\"6 4\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\""
                  + " fill=\"#888\">max heap</text>\n",
              LEFT,
              y,
              LEFT + plotW,
              y,
              LEFT + plotW - 4,
              y - 4));
    }
    for (int s = 0; s < series.size(); s++) {
      HeapSampler.HeapSeries one = series.get(s);
      String color = COLORS[s % COLORS.length];
      sb.append("<polyline fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"1.5\"");
      sb.append(" points=\"");
      for (int i = 0; i < one.nanos().length; i++) {
        double x = LEFT + plotW * (one.nanos()[i] / 1e9) / xMax;
        double y = TOP + plotH - plotH * (one.usedBytes()[i] / 1048576.0) / yMaxMib;
        sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      sb.append("\"/>\n");
      double ly = TOP + plotH + 58 + 16 * s;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"3\"/><text x=\"%d\" y=\"%.1f\">%s</text>\n",
              LEFT,
              ly - 4,
              LEFT + 30,
              ly - 4,
              color,
              LEFT + 36,
              ly,
              escape(one.label())));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">time since the flood"
                + " started (s)</text>\n",
            LEFT + plotW / 2,
            TOP + plotH + 36));
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** The smallest of 1, 2, 2.5, 5 × a power of ten that is at least {@code v}. */
  static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-9))));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
