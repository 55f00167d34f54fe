package io.fundingarb.engine.report;

import io.fundingarb.codecs.FixedPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link SessionReport} as one self-contained HTML file: the summary, per quote asset an equity
 * curve (realised PnL plus the funding of pairs still open) with its drawdown and the cumulative
 * funding, fees and slippage, then the pairs, the venue pairs and the circuit-breaker transitions.
 * Charts are SVG drawn here, inline: the file needs no script, no network and no library, opens
 * in any browser (also with scripts blocked, as mail clients and archives do) and prints as it
 * shows. The series are also embedded as JSON ({@code <script type="application/json"
 * id="fundingarb-data">}: times UTC, amounts as exact decimals) for anyone who wants the numbers.
 * Amounts stay per quote asset: USDT and USDC are never added.
 */
public final class HtmlReport
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 260;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 28;
    private static final int BOTTOM = 30;
    private static final String[] COLOURS = {"#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd"};

    private final SessionReport report;
    private final String title;
    private final String journalNote;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    private HtmlReport(final SessionReport report, final String title, final String journalNote)
    {
        this.report = report;
        this.title = title;
        this.journalNote = journalNote;
    }

    /** Writes the report of the journal {@code journalName} to {@code file}. */
    public static void write(final SessionReport report, final String journalName, final Path file)
    {
        write(report, journalName, null, file);
    }

    /**
     * Writes the report of the journal {@code journalName} to {@code file}, with {@code journalNote}
     * (what is wrong with the journal, e.g. read up to its first bad record) shown above everything, or none when null.
     */
    public static void write(final SessionReport report, final String journalName, final String journalNote, final Path file)
    {
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.writeString(file, new HtmlReport(report, journalName, journalNote).document(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the HTML report " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** The report as an HTML document. */
    public static String render(final SessionReport report, final String journalName)
    {
        return new HtmlReport(report, journalName, null).document();
    }

    private String document()
    {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>fundingarb session report ")
            .append(escape(title)).append("</title>\n<style>\n")
            .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}")
            .append("h1{font-size:22px}h2{font-size:18px;margin-top:28px}pre{background:#f6f6f6;padding:10px;overflow-x:auto}")
            .append("table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left}")
            .append("td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}")
            .append("svg{background:#fff;border:1px solid #ddd;margin:6px 0}.axis{stroke:#888}.grid{stroke:#eee}")
            .append("svg text{font-size:11px;fill:#444}.legend{font-size:12px}\n</style>\n</head>\n<body>\n");
        html.append("<h1>fundingarb session report</h1>\n");
        if (journalNote != null)
        {
            html.append("<p id=\"journal-note\" style=\"border:2px solid #b00;padding:8px;color:#b00\"><strong>DAMAGED journal</strong>: ")
                .append(escape(journalNote)).append("</p>\n");
        }
        html.append("<p>journal <code>").append(escape(title)).append("</code>");
        if (report.firstTsNs <= report.lastTsNs)
        {
            html.append(" &middot; ").append(time(report.firstTsNs)).append(" to ").append(time(report.lastTsNs));
        }
        html.append(" &middot; ").append(report.events).append(" events &middot; computed from the journal alone; ")
            .append("amounts per quote asset, never summed across quote assets</p>\n");
        html.append("<h2>Summary</h2>\n<pre id=\"summary\">");
        report.lines().forEach(line -> html.append(escape(line)).append('\n'));
        html.append("</pre>\n");
        for (final String quote : quotes())
        {
            html.append("<section class=\"quote\" data-quote=\"").append(escape(quote)).append("\">\n<h2>").append(escape(quote)).append("</h2>\n");
            html.append("<p>equity ").append(amount(last(report.equitySeries, quote), quote)).append(" &middot; max drawdown ")
                .append(amount(report.maxDrawdownByQuote().getOrDefault(quote, 0L), quote)).append("</p>\n");
            chart("equity-" + quote, "Equity (" + quote + "): realised PnL + funding of pairs still open",
                named("equity", report.equitySeries.get(quote)));
            chart("drawdown-" + quote, "Drawdown (" + quote + "): equity below its running peak", named("drawdown", report.drawdownSeries.get(quote)));
            chart("costs-" + quote, "Cumulative funding received vs fees paid vs slippage paid (" + quote + ")", named("funding", report.fundingSeries.get(quote)),
                named("fees", report.feesSeries.get(quote)), named("slippage", report.slippageSeries.get(quote)));
            html.append("</section>\n");
        }
        pairs();
        venuePairs();
        breaker();
        data();
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** Every quote asset with money in it, in order. */
    private List<String> quotes()
    {
        final TreeMap<String, Boolean> all = new TreeMap<>();
        for (final Map<String, SessionReport.Series> m : List.of(report.equitySeries, report.fundingSeries, report.feesSeries, report.slippageSeries))
        {
            m.keySet().forEach(q -> all.put(q, true));
        }
        return new ArrayList<>(all.keySet());
    }

    private static long last(final Map<String, SessionReport.Series> byQuote, final String quote)
    {
        final SessionReport.Series s = byQuote.get(quote);
        return s == null ? 0 : s.last();
    }

    private record Named(String name, SessionReport.Series series)
    {
    }

    private static Named named(final String name, final SessionReport.Series series)
    {
        return new Named(name, series == null ? new SessionReport.Series() : series);
    }

    /** A step chart of cumulative amounts over the session's time, one polyline per series. */
    private void chart(final String id, final String caption, final Named... lines)
    {
        final long t0 = report.firstTsNs <= report.lastTsNs ? report.firstTsNs : 0;
        final long t1 = Math.max(report.lastTsNs, t0 + 1);
        long min = 0;
        long max = 0;
        for (final Named n : lines)
        {
            for (int i = 0; i < n.series().size(); i++)
            {
                min = Math.min(min, n.series().value(i));
                max = Math.max(max, n.series().value(i));
            }
        }
        if (min == max)
        {
            max = min + FixedPoint.SCALE;
        }
        final double plotW = WIDTH - LEFT - RIGHT;
        final double plotH = HEIGHT - TOP - BOTTOM;
        final long lo = min;
        final long hi = max;
        final java.util.function.LongToDoubleFunction x = t -> LEFT + (double)(t - t0) / (t1 - t0) * plotW;
        final java.util.function.LongToDoubleFunction y = v -> TOP + (double)(hi - v) / (hi - lo) * plotH;
        html.append("<figure id=\"").append(escape(id)).append("\">\n<figcaption>").append(escape(caption)).append("</figcaption>\n")
            .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(escape(caption))
            .append("\">\n");
        for (int k = 0; k <= 4; k++)
        {
            final long v = lo + (hi - lo) / 4 * k;
            final double py = y.applyAsDouble(v);
            html.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, py, WIDTH - RIGHT, py))
                .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", LEFT - 4, py + 4,
                    escape(SessionReport.amount(v, "").trim())));
        }
        final double zero = y.applyAsDouble(0);
        html.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", LEFT, zero, WIDTH - RIGHT, zero));
        html.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        for (int k = 0; k <= 2; k++)
        {
            final long t = t0 + (t1 - t0) / 2 * k;
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>\n", x.applyAsDouble(t), HEIGHT - 10,
                k == 0 ? "start" : k == 1 ? "middle" : "end", escape(time(t))));
        }
        for (int n = 0; n < lines.length; n++)
        {
            final SessionReport.Series s = lines[n].series();
            final StringBuilder points = new StringBuilder();
            double previousY = zero;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(t0), zero));
            for (int i = 0; i < s.size(); i++)
            {
                final double px = x.applyAsDouble(s.tsNs(i));
                final double py = y.applyAsDouble(s.value(i));
                points.append(String.format(Locale.ROOT, " %.1f,%.1f %.1f,%.1f", px, previousY, px, py));
                previousY = py;
            }
            points.append(String.format(Locale.ROOT, " %.1f,%.1f", x.applyAsDouble(t1), previousY));
            final String colour = COLOURS[n % COLOURS.length];
            html.append("<polyline data-series=\"").append(lines[n].name()).append("\" data-steps=\"").append(s.size())
                .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.6\" points=\"").append(points).append("\"><title>")
                .append(lines[n].name()).append(' ').append(escape(SessionReport.amount(s.last(), ""))).append("</title></polyline>\n");
            html.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\" fill=\"%s\">&#9632; %s %s</text>\n",
                LEFT + 10 + n * 170, TOP - 10, colour, lines[n].name(), escape(SessionReport.amount(s.last(), "").trim())));
        }
        html.append("</svg>\n</figure>\n");
    }

    private void pairs()
    {
        html.append("<h2>Pairs</h2>\n<table id=\"pairs\">\n<tr><th>pair</th><th>token</th><th>long</th><th>short</th><th>quote</th>"
            + "<th>entry decided</th><th>finished</th><th>held</th><th>outcome</th><th>funding</th><th>fees paid</th><th>slippage paid</th>"
            + "<th>realised PnL</th><th>reason</th></tr>\n");
        for (final SessionReport.Pair p : report.finished)
        {
            final Long opened = report.pairOpeningTsNs.get(p.pairId());
            final Long finished = report.pairFinishedTsNs.get(p.pairId());
            html.append("<tr data-pair=\"").append(p.pairId()).append("\"><td>#").append(p.pairId()).append("</td>")
                .append(cell(p.token())).append(cell(p.longLeg())).append(cell(p.shortLeg())).append(cell(p.quote()))
                .append(cell(opened == null ? "-" : time(opened))).append(cell(finished == null ? "-" : time(finished)))
                .append(cell(opened == null || finished == null ? "-" : held(finished - opened)))
                .append(cell(p.outcome().toLowerCase(Locale.ROOT)))
                .append(money(p.funding())).append(money(p.fees())).append(money(report.slippageByPair.getOrDefault(p.pairId(), 0L)))
                .append(money(p.realisedPnl())).append(cell(p.reason())).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** Totals of the finished pairs of one direction (long venue, short venue) in one quote asset. */
    private static final class VenuePair
    {
        long pairs;
        long closed;
        long failed;
        long won;
        long funding;
        long fees;
        long slippage;
        long realised;
    }

    private void venuePairs()
    {
        final Map<String, VenuePair> byKey = new LinkedHashMap<>();
        final List<SessionReport.Pair> sorted = new ArrayList<>(report.finished);
        sorted.sort((a, b) -> key(a).compareTo(key(b)));
        for (final SessionReport.Pair p : sorted)
        {
            final VenuePair v = byKey.computeIfAbsent(key(p), k -> new VenuePair());
            v.pairs++;
            v.closed += "CLOSED".equals(p.outcome()) ? 1 : 0;
            v.failed += "FAILED".equals(p.outcome()) ? 1 : 0;
            v.won += "CLOSED".equals(p.outcome()) && p.realisedPnl() > 0 ? 1 : 0;
            v.funding += p.funding();
            v.fees += p.fees();
            v.slippage += report.slippageByPair.getOrDefault(p.pairId(), 0L);
            v.realised += p.realisedPnl();
        }
        html.append("<h2>Venue pairs</h2>\n<table id=\"venue-pairs\">\n<tr><th>long venue</th><th>short venue</th><th>quote</th><th>pairs</th>"
            + "<th>closed</th><th>failed</th><th>won</th><th>funding</th><th>fees paid</th><th>slippage paid</th><th>realised PnL</th></tr>\n");
        byKey.forEach((key, v) ->
        {
            final String[] parts = key.split("\t");
            html.append("<tr>").append(cell(parts[0])).append(cell(parts[1])).append(cell(parts[2])).append(count(v.pairs)).append(count(v.closed))
                .append(count(v.failed)).append(count(v.won)).append(money(v.funding)).append(money(v.fees)).append(money(v.slippage))
                .append(money(v.realised)).append("</tr>\n");
        });
        html.append("</table>\n");
    }

    private static String key(final SessionReport.Pair p)
    {
        return venue(p.longLeg()) + "\t" + venue(p.shortLeg()) + "\t" + p.quote();
    }

    /** The venue of a leg named "venue:SYMBOL". */
    private static String venue(final String leg)
    {
        final int colon = leg.indexOf(':');
        return colon < 0 ? leg : leg.substring(0, colon);
    }

    private void breaker()
    {
        html.append("<h2>Circuit breaker</h2>\n");
        if (report.breaker.isEmpty())
        {
            html.append("<p id=\"breaker-none\">no transition: ACTIVE throughout</p>\n");
        }
        html.append("<table id=\"breaker\">\n<tr><th>time</th><th>from</th><th>to</th><th>reason</th><th>pair</th></tr>\n");
        for (final SessionReport.Transition t : report.breaker)
        {
            html.append("<tr>").append(cell(time(t.tsNs()))).append(cell(t.from())).append(cell(t.to())).append(cell(t.reason()))
                .append(cell(t.pairId() == 0 ? "-" : "#" + t.pairId())).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** The series and tables as JSON, for machines. */
    private void data()
    {
        html.append("<script type=\"application/json\" id=\"fundingarb-data\">\n{\"journal\":").append(json(title)).append(",\"quotes\":{");
        boolean firstQuote = true;
        for (final String quote : quotes())
        {
            html.append(firstQuote ? "" : ",").append(json(quote)).append(":{");
            firstQuote = false;
            final Map<String, Map<String, SessionReport.Series>> all = new LinkedHashMap<>();
            all.put("equity", report.equitySeries);
            all.put("drawdown", report.drawdownSeries);
            all.put("funding", report.fundingSeries);
            all.put("fees", report.feesSeries);
            all.put("slippage", report.slippageSeries);
            boolean firstSeries = true;
            for (final Map.Entry<String, Map<String, SessionReport.Series>> e : all.entrySet())
            {
                html.append(firstSeries ? "" : ",").append(json(e.getKey())).append(":[");
                firstSeries = false;
                final SessionReport.Series s = e.getValue().get(quote);
                for (int i = 0; s != null && i < s.size(); i++)
                {
                    html.append(i == 0 ? "" : ",").append('[').append(json(time(s.tsNs(i)))).append(',').append(json(FixedPoint.toString(s.value(i))))
                        .append(']');
                }
                html.append(']');
            }
            html.append('}');
        }
        html.append("},\"pairs\":[");
        for (int i = 0; i < report.finished.size(); i++)
        {
            final SessionReport.Pair p = report.finished.get(i);
            html.append(i == 0 ? "" : ",").append("{\"pair\":").append(p.pairId()).append(",\"token\":").append(json(p.token()))
                .append(",\"long\":").append(json(p.longLeg())).append(",\"short\":").append(json(p.shortLeg())).append(",\"quote\":")
                .append(json(p.quote())).append(",\"outcome\":").append(json(p.outcome())).append(",\"funding\":")
                .append(json(FixedPoint.toString(p.funding()))).append(",\"fees\":").append(json(FixedPoint.toString(p.fees())))
                .append(",\"slippage\":").append(json(FixedPoint.toString(report.slippageByPair.getOrDefault(p.pairId(), 0L))))
                .append(",\"realised\":").append(json(FixedPoint.toString(p.realisedPnl()))).append(",\"reason\":").append(json(p.reason()))
                .append('}');
        }
        html.append("],\"breaker\":[");
        for (int i = 0; i < report.breaker.size(); i++)
        {
            final SessionReport.Transition t = report.breaker.get(i);
            html.append(i == 0 ? "" : ",").append("{\"time\":").append(json(time(t.tsNs()))).append(",\"from\":").append(json(t.from()))
                .append(",\"to\":").append(json(t.to())).append(",\"reason\":").append(json(t.reason())).append(",\"pair\":").append(t.pairId())
                .append('}');
        }
        html.append("]}\n</script>\n");
    }

    private static String cell(final String text)
    {
        return "<td>" + escape(text) + "</td>";
    }

    private static String count(final long n)
    {
        return "<td class=\"num\">" + n + "</td>";
    }

    private static String money(final long amount)
    {
        return "<td class=\"num\">" + escape(SessionReport.amount(amount, "").trim()) + "</td>";
    }

    private static String amount(final long amount, final String quote)
    {
        return escape(SessionReport.amount(amount, quote));
    }

    private static String time(final long tsNs)
    {
        return Instant.ofEpochSecond(0, tsNs).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String held(final long ns)
    {
        return Duration.ofNanos(ns).truncatedTo(ChronoUnit.SECONDS).toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** Text safe inside HTML elements and attribute values. */
    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A JSON string literal, safe inside a script element ("<" escaped, so "</script>" cannot end it). */
    static String json(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
