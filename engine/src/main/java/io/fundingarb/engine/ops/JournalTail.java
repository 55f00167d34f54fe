package io.fundingarb.engine.ops;

import io.fundingarb.codecs.EventJson;
import io.fundingarb.codecs.sbe.FundingPaymentDecoder;
import io.fundingarb.codecs.sbe.InstrumentDefinitionDecoder;
import io.fundingarb.codecs.sbe.MessageHeaderDecoder;
import io.fundingarb.engine.journal.Journal;
import io.fundingarb.engine.journal.JournalReader;
import org.agrona.collections.Int2IntHashMap;

/**
 * The session's inbound journal read behind the writer, on the ops server's thread (a Chronicle
 * tailer of its own; the stages never see it): the events journaled per type, and the funding
 * payments summed per quote asset with the time of each, exact where the risk view only shows the
 * open pairs. Without a journal it counts nothing.
 */
final class JournalTail implements AutoCloseable
{
    /** Records read per call at most, so a long backlog is caught up over several calls. */
    private static final int MAX_PER_POLL = 500_000;
    private static final int MAX_TEMPLATE = 64;

    private final Journal journal;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final FundingPaymentDecoder payment = new FundingPaymentDecoder();
    private final Int2IntHashMap quoteByInstrument = new Int2IntHashMap(-1);
    private JournalReader reader;
    private boolean closed;
    /** Records journaled per SBE template id. */
    final long[] byTemplate = new long[MAX_TEMPLATE];
    /** Funding paid to (positive) or by the engine's positions, per quote asset (index: SBE Quote raw value), 1e-9. */
    final long[] fundingByQuote = new long[8];
    long fundingPayments;
    long lastFundingTsNs;

    /** @param journal the session's journal, or null */
    JournalTail(final Journal journal)
    {
        this.journal = journal;
    }

    /** Reads what the journal holds beyond the last call (from the thread that always calls it). */
    void poll()
    {
        if (journal == null || closed)
        {
            return;
        }
        if (reader == null)
        {
            reader = new JournalReader(journal.inbound(), 4096);
        }
        for (int n = 0; n < MAX_PER_POLL && reader.next(); n++)
        {
            if (reader.length() < MessageHeaderDecoder.ENCODED_LENGTH)
            {
                continue;
            }
            header.wrap(reader.buffer(), 0);
            final int template = header.templateId();
            if (template >= 0 && template < MAX_TEMPLATE)
            {
                byTemplate[template]++;
            }
            final int body = MessageHeaderDecoder.ENCODED_LENGTH;
            if (template == InstrumentDefinitionDecoder.TEMPLATE_ID)
            {
                definition.wrap(reader.buffer(), body, header.blockLength(), header.version());
                quoteByInstrument.put(definition.instrumentId(), definition.quoteRaw());
            }
            else if (template == FundingPaymentDecoder.TEMPLATE_ID)
            {
                payment.wrap(reader.buffer(), body, header.blockLength(), header.version());
                final int quote = quoteByInstrument.get(payment.instrumentId());
                fundingByQuote[quote & (fundingByQuote.length - 1)] += payment.amount();
                fundingPayments++;
                lastFundingTsNs = payment.tsInitNs();
            }
        }
    }

    /** The name of each template id counted ("FundingUpdate"). */
    static String typeName(final int template)
    {
        return EventJson.typeName(template);
    }

    @Override
    public void close()
    {
        closed = true;
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }
}
