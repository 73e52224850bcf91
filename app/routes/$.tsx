import { data } from "@remix-run/node";

/** Any unknown address: a real 404 that the root error boundary renders in the user's language. */
export function loader() {
  throw data(null, { status: 404 });
}

export function action() {
  throw data(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
