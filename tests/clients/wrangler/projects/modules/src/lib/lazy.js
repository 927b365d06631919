export default function lazy() {
  return "loaded lazily";
}
