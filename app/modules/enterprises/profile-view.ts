import type { ProfileSection } from "@db/schema/constants";
import type { SectionView } from "./profiles.server";

/** Picks one section out of a profile view; shared by pages (browser code may not import *.server modules). */
export function profileSection<S extends ProfileSection>(view: { sections: SectionView[] }, section: S): SectionView<S> {
  return view.sections.find((s) => s.section === section) as SectionView<S>;
}
