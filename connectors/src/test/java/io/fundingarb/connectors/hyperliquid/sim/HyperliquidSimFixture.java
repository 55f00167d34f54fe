package io.fundingarb.connectors.hyperliquid.sim;

import io.fundingarb.connectors.gateway.Fixtures;
import io.fundingarb.connectors.hyperliquid.HyperliquidSigner;
import io.fundingarb.connectors.json.JsonTree;
import io.fundingarb.connectors.simulator.FundingPath;
import io.fundingarb.connectors.simulator.SimAccountConfig;
import io.fundingarb.connectors.simulator.SimInstrument;
import io.fundingarb.connectors.simulator.SimScenario;
import io.fundingarb.connectors.simulator.SimulatorConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.EpochNanoClock;

/** A Hyperliquid simulator for tests: BTC and ETH, a settable clock, keys to sign with, and the shape comparison. */
final class HyperliquidSimFixture
{
    /** 2026-12-06T10:00:30Z. */
    static final long START_MS = 1_796_551_230_000L;
    static final String AGENT_KEY = HyperliquidSimulator.DEMO_AGENT_KEY;
    static final String MASTER_KEY = "0x00000000000000000000000000000000000000000000000000000000000000a1";
    static final String STRANGER_KEY = "0x00000000000000000000000000000000000000000000000000000000000000b2";
    static final String MASTER = new HyperliquidSigner(MASTER_KEY, HyperliquidSigner.Network.MAINNET).address();
    static final String BTC_RATE = "0.0000125";

    final AtomicLong nowNs = new AtomicLong(START_MS * 1_000_000L);
    final HyperliquidSimulator simulator;
    private long nonce = START_MS;

    HyperliquidSimFixture(final String startingBalance)
    {
        final SimScenario scenario = new SimScenario(
            List.of(SimInstrument.of("BTC", "BTC", "USDC", "1", "0.00001", "10", "65000"),
                SimInstrument.of("ETH", "ETH", "USDC", "0.1", "0.0001", "10", "3000")),
            Map.of("BTC", FundingPath.constant(BTC_RATE, 1), "ETH", FundingPath.constant("0.0008", 8)),
            11L,
            0.0005);
        final EpochNanoClock clock = nowNs::get;
        simulator = new HyperliquidSimulator(scenario, SimulatorConfig.defaults().withClock(clock).withCadence(50, 50),
            new SimAccountConfig("unused", "unused", new BigDecimal(HyperliquidSimulator.TAKER_FEE), new BigDecimal(startingBalance), 10),
            MASTER, new HyperliquidSigner(AGENT_KEY, HyperliquidSigner.Network.MAINNET).address(),
            new L1ActionSignatures(HyperliquidSigner.Network.MAINNET));
    }

    long nextNonce()
    {
        return ++nonce;
    }

    /** The /exchange body of {@code actionJson} signed by {@code key} with {@code nonce} (mainnet, no vault). */
    static String signed(final String actionJson, final long nonce, final String key)
    {
        return signedAs(actionJson, actionJson, nonce, key);
    }

    /** The /exchange body of {@code actionJson} with {@code expiresAfter}, signed by {@code key}. */
    static String signedExpiring(final String actionJson, final long nonce, final String key, final long expiresAfterMs)
    {
        final byte[] packed = L1ActionSignatures.msgpack(JsonTree.parse(actionJson));
        final HyperliquidSigner.Signature signature =
            new HyperliquidSigner(key, HyperliquidSigner.Network.MAINNET).signL1Action(packed, 0, packed.length, nonce, null, expiresAfterMs);
        return "{\"action\":" + actionJson + ",\"nonce\":" + nonce + ",\"signature\":{\"r\":\"" + signature.rHex() + "\",\"s\":\""
            + signature.sHex() + "\",\"v\":" + signature.v() + "},\"vaultAddress\":null,\"expiresAfter\":" + expiresAfterMs + "}";
    }

    /** A body that sends {@code sentJson} with the signature of {@code signedJson} (a client signing other bytes than it sends). */
    static String signedAs(final String sentJson, final String signedJson, final long nonce, final String key)
    {
        final byte[] packed = L1ActionSignatures.msgpack(JsonTree.parse(signedJson));
        final HyperliquidSigner.Signature signature =
            new HyperliquidSigner(key, HyperliquidSigner.Network.MAINNET).signL1Action(packed, 0, packed.length, nonce, null);
        return "{\"action\":" + sentJson + ",\"nonce\":" + nonce + ",\"signature\":{\"r\":\"" + signature.rHex() + "\",\"s\":\""
            + signature.sHex() + "\",\"v\":" + signature.v() + "},\"vaultAddress\":null}";
    }

    /** The /exchange answer of {@code actionJson} signed by the API wallet. */
    String exchange(final String actionJson)
    {
        return simulator.post("/exchange", signed(actionJson, nextNonce(), AGENT_KEY)).body();
    }

    String info(final String requestJson)
    {
        return simulator.post("/info", requestJson).body();
    }

    static String order(final int asset, final boolean buy, final String px, final String sz, final boolean reduceOnly, final String tif, final String cloid)
    {
        return "{\"type\":\"order\",\"orders\":[{\"a\":" + asset + ",\"b\":" + buy + ",\"p\":\"" + px + "\",\"s\":\"" + sz + "\",\"r\":" + reduceOnly
            + ",\"t\":{\"limit\":{\"tif\":\"" + tif + "\"}}" + (cloid == null ? "" : ",\"c\":\"" + cloid + "\"") + "}],\"grouping\":\"na\"}";
    }

    /**
     * The shape ({@link Fixtures#shape}) of {@code json}, without the paths the documented example
     * {@code fixture} shows as null (a member the venue writes null or a value, e.g. {@code cloid}).
     */
    static Map<String, String> shapeLike(final String json, final String fixture)
    {
        final Map<String, String> documented = Fixtures.shape(fixture);
        final Map<String, String> out = new TreeMap<>(Fixtures.shape(json));
        documented.forEach((path, type) ->
        {
            if ("null".equals(type))
            {
                out.remove(path);
            }
        });
        return out;
    }

    /** The documented example's shape without its null members and the optional {@code builderFee} ("will not be present if 0"). */
    static Map<String, String> documentedShape(final String fixture)
    {
        final Map<String, String> out = new TreeMap<>(Fixtures.shape(fixture));
        out.values().removeIf("null"::equals);
        out.keySet().removeIf(path -> path.endsWith("builderFee"));
        return out;
    }
}
