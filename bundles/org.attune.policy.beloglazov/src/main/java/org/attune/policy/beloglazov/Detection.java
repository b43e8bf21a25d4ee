package org.attune.policy.beloglazov;

import java.util.Locale;

/** Host-overload detection methods of Beloglazov and Buyya (2012). */
public enum Detection {
    /** Static threshold: overloaded when demand / capacity &gt; parameter. */
    THR,
    /** Interquartile range: overloaded when demand share &gt; 1 - parameter * IQR(history). */
    IQR,
    /** Median absolute deviation: overloaded when demand share &gt; 1 - parameter * MAD(history). */
    MAD,
    /** Local regression: overloaded when parameter * predicted share &gt;= 1. */
    LR,
    /** Robust local regression (bisquare re-weighting): overloaded when parameter * predicted share &gt;= 1. */
    LRR;

    /** @throws IllegalArgumentException naming the accepted values */
    public static Detection parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("detection must be one of thr, iqr, mad, lr, lrr; was " + value);
        }
    }
}
