import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

/**
 * Mandate-match and follow notifications stored before their links were corrected point here; a need's page is
 * /needs/:id, which checks who may see it.
 */
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/needs/${params.needId}`, 301);
}
