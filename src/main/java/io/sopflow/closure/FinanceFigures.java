package io.sopflow.closure;

import java.math.BigDecimal;

/**
 * What finance sees when closing the books: budget, actual cost, the variance computed by the service (positive =
 * overrun), its percentage of the budget (null for a zero budget) and whether an explanation is required.
 */
public record FinanceFigures(BigDecimal budget, BigDecimal actualCost, BigDecimal variance, BigDecimal variancePercent,
    BigDecimal thresholdPercent, boolean explanationRequired) {}
