import { editDistance, isHan, isRunBoundary, typoBudget } from "../text";

/**
 * The index's words that are not Chinese (Latin, Uyghur, digits), kept in memory for typo
 * tolerance: finding close spellings through FTS5's vocabulary table reads the postings of every
 * term in range, about a millisecond per query word. Words only ever get added — a word whose last
 * document went away costs a typo alternative that matches nothing, never a wrong hit.
 */
export class WordList {
  private readonly words = new Set<string>();
  private readonly byInitial = new Map<string, string[]>();

  add(token: string): void {
    if (!token || this.words.has(token) || isHan(token) || isRunBoundary(token)) return;
    this.words.add(token);
    const initial = String.fromCodePoint(token.codePointAt(0)!);
    const list = this.byInitial.get(initial);
    if (list) list.push(token);
    else this.byInitial.set(initial, [token]);
  }

  /** Adds the words of a space-separated token string (see indexTokens). */
  addTokens(tokens: string): void {
    for (const token of tokens.split(" ")) this.add(token);
  }

  /**
   * Words within the typo budget of `word` (at most 20), when the index lacks the word itself — or,
   * for a prefix, lacks any word starting with it. Candidates share the first letter, as in
   * Meilisearch.
   */
  closeTo(word: string, prefix: boolean): string[] {
    const budget = typoBudget(word);
    const candidates = this.byInitial.get(String.fromCodePoint(word.codePointAt(0)!)) ?? [];
    const present = prefix ? candidates.some((t) => t.startsWith(word)) : this.words.has(word);
    if (present || budget === 0) return [];
    const out: string[] = [];
    for (const term of candidates) {
      const close =
        editDistance(word, term, budget) <= budget ||
        (prefix && term.length > word.length && editDistance(word, term.slice(0, word.length), budget) <= budget);
      if (close) out.push(term);
    }
    return out.sort().slice(0, 20);
  }
}
