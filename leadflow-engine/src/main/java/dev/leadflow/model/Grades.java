package dev.leadflow.model;

/**
 * The grade matrix: a fit letter (A best … D) and an engagement digit (1 best … 4), e.g. {@code A1}.
 * Each threshold is the lowest score that earns that grade.
 */
public record Grades(
        double fitA, double fitB, double fitC, double engagement1, double engagement2, double engagement3) {

    public String grade(double fit, double engagement) {
        char letter = fit >= fitA ? 'A' : fit >= fitB ? 'B' : fit >= fitC ? 'C' : 'D';
        char digit = engagement >= engagement1
                ? '1'
                : engagement >= engagement2 ? '2' : engagement >= engagement3 ? '3' : '4';
        return new String(new char[] {letter, digit});
    }
}
