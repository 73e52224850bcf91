import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The viewer's pages (ADR 0813). Every page has a sized placeholder from the start (16:9 until the first page tells the
 * real shape), so nothing jumps and the reader sees how long the deck is. Page 1 is requested alone and first — the
 * server renders each watermarked page on demand and two cores render one page faster than five — and the others
 * only when they come near the screen, one request at a time in page order. A bar says how many pages are in. Arrow
 * keys, Page Up/Down, Home and End move page by page. Without JavaScript every page loads as a plain lazy image.
 */
export function DeckPages({ pageCount, srcOf, altOf }: { pageCount: number; srcOf: (page: number) => string; altOf: (page: number) => string }) {
  const { t } = useTranslation("roadshows");
  const [hydrated, setHydrated] = useState(false);
  const [aspect, setAspect] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<ReadonlySet<number>>(new Set());
  const [requested, setRequested] = useState<ReadonlySet<number>>(new Set([1]));
  const near = useRef(new Set<number>());
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => setHydrated(true), []);

  // The next page to ask for: the lowest one near the screen not yet requested, once every requested page is in.
  const requestNext = useCallback(
    (done: ReadonlySet<number>, asked: ReadonlySet<number>) => {
      if ([...asked].some((p) => !done.has(p))) return asked;
      const next = [...near.current].filter((p) => !asked.has(p)).sort((a, b) => a - b)[0];
      return next === undefined ? asked : new Set([...asked, next]);
    },
    [],
  );

  useEffect(() => {
    if (!hydrated || !root.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const page = Number((e.target as HTMLElement).dataset.page);
          if (e.isIntersecting) near.current.add(page);
        }
        setRequested((asked) => requestNext(loadedRef.current, asked));
      },
      { rootMargin: "150% 0px" },
    );
    root.current.querySelectorAll("[data-page]").forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [hydrated, requestNext]);

  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const onLoad = (page: number, img: HTMLImageElement) => {
    if (page === 1 && img.naturalWidth && img.naturalHeight) setAspect(img.naturalWidth / img.naturalHeight);
    if (loadedRef.current.has(page)) return;
    const done = new Set(loadedRef.current).add(page);
    loadedRef.current = done;
    setLoaded(done);
    setRequested((asked) => requestNext(done, asked));
  };

  const go = (delta: number | "first" | "last") => {
    const pages = [...(root.current?.querySelectorAll<HTMLElement>("[data-page]") ?? [])];
    const top = pages.findIndex((el) => el.getBoundingClientRect().bottom > 80);
    const index = delta === "first" ? 0 : delta === "last" ? pages.length - 1 : Math.min(pages.length - 1, Math.max(0, (top < 0 ? 0 : top) + delta));
    pages[index]?.scrollIntoView({ block: "start" });
    pages[index]?.focus({ preventScroll: true });
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const step: Record<string, number | "first" | "last"> = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1, Home: "first", End: "last" };
    const d = step[e.key];
    if (d === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    go(d);
  };

  const ratio = aspect ?? 16 / 9;
  return (
    <div className="space-y-4">
      {hydrated ? (
        <div className="sticky top-0 z-10 rounded-md bg-white/90 p-2 text-xs text-slate-600 backdrop-blur" data-testid="deck-progress">
          <div className="flex items-center justify-between gap-2">
            <span>{loaded.size < pageCount ? t("viewer.loadingPages", { n: loaded.size, total: pageCount }) : t("viewer.allPagesLoaded", { total: pageCount })}</span>
            <span className="hidden sm:inline">{t("viewer.keysHint")}</span>
          </div>
          <div role="progressbar" aria-label={t("viewer.progressLabel")} aria-valuemin={0} aria-valuemax={pageCount} aria-valuenow={loaded.size} className="mt-1 h-1.5 overflow-hidden rounded bg-slate-200">
            <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${(100 * loaded.size) / pageCount}%` }} />
          </div>
        </div>
      ) : null}
      {/* A keyboard region: focus it (or a page) and page with the arrow keys. */}
      <div ref={root} className="space-y-4 outline-none" tabIndex={-1} onKeyDown={onKeyDown} role="region" aria-label={t("viewer.pagesLabel")}>
        {Array.from({ length: pageCount }, (_, i) => i + 1).map((p) => {
          const show = requested.has(p);
          const isLoaded = loaded.has(p);
          return (
            <figure key={p} data-page={p} className="card p-2 focus:outline-2 focus:outline-brand-600" tabIndex={0} aria-busy={hydrated && !isLoaded}>
              <div className="relative w-full" style={{ aspectRatio: String(ratio) }}>
                {!isLoaded ? (
                  <div className="absolute inset-0 flex animate-pulse flex-col items-center justify-center gap-2 rounded bg-slate-100 text-sm text-slate-600" data-testid="deck-placeholder">
                    <span aria-hidden="true" className="h-6 w-6 rounded-full border-2 border-slate-300 border-t-brand-600 motion-safe:animate-spin" />
                    <span>{show ? t("viewer.renderingPage", { page: p }) : t("viewer.waitingPage", { page: p })}</span>
                  </div>
                ) : null}
                {!show && !hydrated ? (
                  <noscript>
                    <img src={srcOf(p)} alt={altOf(p)} loading="lazy" draggable={false} className="absolute inset-0 h-full w-full select-none object-contain" />
                  </noscript>
                ) : null}
                {show ? (
                  <img
                    // A page that arrived before the page was hydrated fired its load event unseen.
                    ref={(el) => {
                      if (el?.complete && el.naturalWidth && !loadedRef.current.has(p)) onLoad(p, el);
                    }}
                    // The language is in the URL so the browser's cached copy of a page (watermarked in one
                    // language) is not shown after the viewer switches to the other.
                    src={srcOf(p)}
                    alt={altOf(p)}
                    loading="eager"
                    fetchPriority={p === 1 ? "high" : "auto"}
                    draggable={false}
                    onLoad={(e) => onLoad(p, e.currentTarget)}
                    className={`absolute inset-0 h-full w-full select-none object-contain ${isLoaded ? "" : "opacity-0"}`}
                  />
                ) : null}
              </div>
              <figcaption className="mt-1 text-center text-xs text-slate-600">
                {p} / {pageCount}
              </figcaption>
            </figure>
          );
        })}
      </div>
    </div>
  );
}
