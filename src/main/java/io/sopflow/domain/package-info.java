/**
 * What every SOP shares and no framework owns: the refusals a domain rule may answer with ({@link
 * io.sopflow.domain.DomainException} and its four kinds) and the paging of lists. Entities and services throw these;
 * exactly two places translate them to HTTP: {@code platform.web.ProblemHandler} for {@code /api} and {@code
 * platform.process.EngineRefusals} for Tasklist and {@code /engine-rest}. This package imports nothing of SOPFlow.
 */
package io.sopflow.domain;
