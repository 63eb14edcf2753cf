import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/**
 * A pattern's signals per day as a small uPlot line (no axes, no legend, no cursor). `label` is what a
 * screen reader hears instead of the picture.
 */
export function SignalTrend({ x, y, label }: { x: number[]; y: number[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const stroke = getComputedStyle(element).getPropertyValue("--accent").trim() || "#2f5bd3";
    const plot = new uPlot(
      {
        width: 96,
        height: 26,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [{}, { stroke, width: 1.5, points: { show: false } }],
      },
      [x, y],
      element,
    );
    return () => plot.destroy();
  }, [x, y]);
  return <div ref={ref} className="signal-trend" role="img" aria-label={label} />;
}
