import type { ReactNode } from "react";

/**
 * A numeric grid read across its columns (statements by year, figures compared side by side). Unlike a list of
 * records (`table table-cards`, a card per row on a phone), it keeps its columns on a narrow screen and scrolls
 * sideways inside this region: focusable so a keyboard can scroll it, named so a screen reader says what it is,
 * its first column sticky (app.css). `data-wide` tells the phone crawl this table may be wider than the screen.
 */
export function WideTable({ label, className, children, testId }: { label: string; className?: string; children: ReactNode; testId?: string }) {
  return (
    // A scrollable region must be reachable by keyboard (axe scrollable-region-focusable); role and name say what it is.
    <div role="region" aria-label={label} tabIndex={0} className={`table-scroll ${className ?? ""}`}>
      <table className="table" data-wide="" data-testid={testId}>
        {children}
      </table>
    </div>
  );
}
