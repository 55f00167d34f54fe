package io.fundingarb.engine.app;

import io.fundingarb.codecs.FixedPoint;
import io.fundingarb.codecs.SymbolTable;
import io.fundingarb.codecs.sbe.Venue;
import io.fundingarb.engine.stage.RiskView;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Says once, on the session's output, what reconciliation found: venue positions a start without
 * {@code --resume} did not open (and the commands that resume or unwind them), positions a resume
 * found unexplained, and the venues a resume still waits for. Read from the RiskView on the main
 * thread each second.
 */
final class ReconcileNotice
{
    private final RiskView view;
    private final SymbolTable symbols;
    private final String resumeCommand;
    private final String unwindCommand;
    private final RiskView.Snapshot snapshot = new RiskView.Snapshot(64);
    private int printedFound;
    private boolean printedPending;
    private long firstPendingNs = Long.MIN_VALUE;

    ReconcileNotice(final RiskView view, final SymbolTable symbols, final String resumeCommand, final String unwindCommand)
    {
        this.view = view;
        this.symbols = symbols;
        this.resumeCommand = resumeCommand;
        this.unwindCommand = unwindCommand;
    }

    void check(final PrintStream out, final long timeoutNs)
    {
        if (!view.read(snapshot))
        {
            return;
        }
        if (snapshot.foundCount > printedFound)
        {
            for (int i = printedFound; i < snapshot.foundCount; i++)
            {
                out.println(line(snapshot.foundVenue[i], snapshot.foundInstrumentId[i], snapshot.foundQuantity[i]));
            }
            printedFound = snapshot.foundCount;
            if (snapshot.frozen)
            {
                out.println("NO ORDERS: the venues hold positions this session's journal does not explain.");
                if (resumeCommand != null)
                {
                    out.println("  to resume the session that opened them: " + resumeCommand);
                }
                out.println("  to take them over and unwind them (recovery.orphans: unwind): " + unwindCommand);
            }
        }
        if (snapshot.reconcilePending != 0)
        {
            if (firstPendingNs == Long.MIN_VALUE)
            {
                firstPendingNs = snapshot.nowNs;
            }
            else if (!printedPending && snapshot.nowNs - firstPendingNs > timeoutNs)
            {
                printedPending = true;
                out.println("reconciliation: no positions yet from " + venues(snapshot.reconcilePending)
                    + " (recovery.reconcile_timeout passed): no new entries until they answer");
            }
        }
    }

    private String line(final int venue, final int instrumentId, final long quantity)
    {
        final String name = symbols.instrument(instrumentId);
        return String.format(Locale.ROOT, "venue position not in the journal: %s %s %s", Venue.get((short)venue).name().toLowerCase(Locale.ROOT),
            name == null ? "#" + instrumentId : name.substring(name.indexOf(':') + 1), FixedPoint.toString(quantity));
    }

    static String venues(final int mask)
    {
        final StringBuilder text = new StringBuilder();
        for (final Venue venue : Venue.values())
        {
            if (venue != Venue.NULL_VAL && (mask & (1 << venue.value())) != 0)
            {
                text.append(text.length() == 0 ? "" : ", ").append(venue.name().toLowerCase(Locale.ROOT));
            }
        }
        return text.toString();
    }
}
