package io.sopflow.closure;

import java.math.BigDecimal;

/**
 * What finance sees when closing the books: the budget and the variance threshold above which the variance it will
 * compute from the actual cost finance enters needs an explanation.
 */
public record FinanceFigures(BigDecimal budget, BigDecimal thresholdPercent) {}
