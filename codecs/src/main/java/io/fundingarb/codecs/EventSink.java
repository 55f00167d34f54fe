package io.fundingarb.codecs;

/**
 * Where producers (feed handlers, gateways, the timer agent, the operator console) publish
 * inbound events: the inbound ring, multi-producer. Producers stamp {@code tsInitNs} themselves;
 * stages never read a clock.
 */
public interface EventSink extends RingSink
{
}
