package io.fundingarb.connectors.hyperliquid.sim;

/**
 * How the simulated venue learns who signed an L1 action: the address recovered from the
 * {@code {r, s, v}} signature over the action (msgpack of the action, the nonce, the vault flag,
 * keccak-256, then the EIP-712 "Agent" phantom-agent message in domain "Exchange", chainId 1337).
 * Hyperliquid never rejects a signature as malformed when it can recover some address from it: it
 * recovers an address and then refuses the action because that address is not a user or an
 * approved API wallet. So the simulator asks for the address and compares.
 */
@FunctionalInterface
public interface SignerRecovery
{
    /**
     * The lower-case {@code 0x} address that signed {@code action} (the action object as the client
     * sent it, already parsed by {@code JsonTree}) with {@code nonce}, {@code vaultAddress} (null:
     * none) and {@code expiresAfterMs} (0: the request has none), or null when no address can be
     * recovered.
     */
    String recover(Object action, long nonce, String vaultAddress, long expiresAfterMs, String r, String s, int v);
}
