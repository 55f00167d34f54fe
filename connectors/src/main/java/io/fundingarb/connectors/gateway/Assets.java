package io.fundingarb.connectors.gateway;

import io.fundingarb.codecs.sbe.Asset;

/** A venue's asset code as the schema's {@link Asset}. */
public final class Assets
{
    private Assets()
    {
    }

    /** "USDT", "USDC", "USD", "BNB" as themselves, null or "" as NULL_VAL (the instrument's quote), anything else OTHER. */
    public static Asset of(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return Asset.NULL_VAL;
        }
        switch (code)
        {
            case "USDT": return Asset.USDT;
            case "USDC": return Asset.USDC;
            case "USD": return Asset.USD;
            case "BNB": return Asset.BNB;
            default: return Asset.OTHER;
        }
    }
}
