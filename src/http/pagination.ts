/** What views/partials/ui/pagination.hbs renders. */
export interface Pagination {
  page: number;
  pageCount: number;
  perPage: number;
  total: number;
  offset: number;
  prevHref: string | null;
  nextHref: string | null;
  pages: Array<{ number: number; href: string; current: boolean } | { gap: true }>;
}

/**
 * Page numbers and links for a list: keeps the other query parameters, clamps `page`, and shows
 * the first, last and two neighbours of the current page with gaps between.
 */
export function paginate(opts: { page: unknown; perPage: number; total: number; path: string; query?: Record<string, unknown> }): Pagination {
  const pageCount = Math.max(1, Math.ceil(opts.total / opts.perPage));
  const requested = Number.parseInt(String(opts.page ?? '1'), 10);
  const page = Math.min(Math.max(Number.isFinite(requested) ? requested : 1, 1), pageCount);
  const href = (n: number): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (k !== 'page' && typeof v === 'string' && v !== '') params.set(k, v);
    if (n > 1) params.set('page', String(n));
    const qs = params.toString();
    return qs ? `${opts.path}?${qs}` : opts.path;
  };
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const pages: Pagination['pages'] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) pages.push({ gap: true });
    pages.push({ number: n, href: href(n), current: n === page });
  });
  return {
    page,
    pageCount,
    perPage: opts.perPage,
    total: opts.total,
    offset: (page - 1) * opts.perPage,
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pageCount ? href(page + 1) : null,
    pages,
  };
}
