/** A small sun: the mark of 阳光国土. Inline SVG so the login page needs no image request. */
export function SunLogo({ size = 32 }: { size?: number }) {
  const rays = Array.from({ length: 8 }, (_, i) => i * 45);
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <circle cx="16" cy="16" r="7" fill="#ffc53d" />
      {rays.map((a) => (
        <rect key={a} x="15" y="1.5" width="2" height="6" rx="1" fill="#ffc53d" transform={`rotate(${a} 16 16)`} />
      ))}
    </svg>
  );
}
