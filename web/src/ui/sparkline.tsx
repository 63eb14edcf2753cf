import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/**
 * A small trend line drawn by uPlot (no axes, no legend): x in seconds, y counts. `label` is what a
 * screen reader hears instead of the picture.
 */
export function Sparkline({
  x,
  y,
  label,
  width = 120,
  height = 28,
}: {
  x: number[];
  y: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const stroke = getComputedStyle(element).getPropertyValue("--accent").trim() || "#2f5bd3";
    const plot = new uPlot(
      {
        width,
        height,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [{}, { stroke, width: 1.5, fill: `${stroke}22`, points: { show: false } }],
      },
      [x, y],
      element,
    );
    return () => plot.destroy();
  }, [x, y, width, height]);
  return <div ref={ref} className="sparkline" role="img" aria-label={label} />;
}
