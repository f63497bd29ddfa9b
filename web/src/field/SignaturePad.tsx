/** The inspector signs with a finger or a stylus; the strokes become a PNG when the record is saved. */
import { useEffect, useRef } from 'react';

export interface SignatureHandle { canvas: HTMLCanvasElement | null; empty: boolean }

export function SignaturePad({ handle, label, clearLabel }: { handle: SignatureHandle; label: string; clearLabel: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current!;
    handle.canvas = c;
    const g = c.getContext('2d')!;
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.strokeStyle = '#111';
    let drawing = false;
    const at = (e: PointerEvent) => {
      const r = c.getBoundingClientRect();
      return [((e.clientX - r.left) * c.width) / r.width, ((e.clientY - r.top) * c.height) / r.height] as const;
    };
    const down = (e: PointerEvent) => { drawing = true; c.setPointerCapture(e.pointerId); const [x, y] = at(e); g.beginPath(); g.moveTo(x, y); };
    const move = (e: PointerEvent) => { if (!drawing) return; const [x, y] = at(e); g.lineTo(x, y); g.stroke(); handle.empty = false; };
    const up = () => { drawing = false; };
    c.addEventListener('pointerdown', down);
    c.addEventListener('pointermove', move);
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
    return () => {
      c.removeEventListener('pointerdown', down);
      c.removeEventListener('pointermove', move);
      c.removeEventListener('pointerup', up);
      c.removeEventListener('pointercancel', up);
    };
  }, [handle]);
  const clear = () => {
    const c = ref.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    handle.empty = true;
  };
  return (
    <div className="signature">
      <canvas ref={ref} width={600} height={200} aria-label={label} role="img" data-testid="signature" />
      <button type="button" className="link" onClick={clear}>{clearLabel}</button>
    </div>
  );
}
