package org.ballista.api.plan;

/** One key of a sort: a column of the input, its direction and where NULLs go. */
public record SortKey(int column, boolean ascending, boolean nullsFirst) {}
