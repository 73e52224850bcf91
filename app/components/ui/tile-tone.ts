/** The colours of a count tile by how urgent it is: the dashboard's board figures, the staff workspace and /stats. */
export const TILE_TONE = {
  urgent: "border-red-300 bg-red-50 text-red-900",
  attention: "border-amber-300 bg-amber-50 text-amber-900",
  neutral: "border-slate-200 bg-white text-slate-900",
} as const;
