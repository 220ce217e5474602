import unhomoglyph from 'unhomoglyph';

/**
 * The UTS 39 skeleton of a string (Unicode Technical Standard 39, section 4,
 * "Confusable Detection"): NFD, each character replaced by its prototype from Unicode's
 * `confusables.txt`, NFD again. Two strings whose skeletons are equal look alike (Cyrillic
 * `о` in `rооt`, dotless `ı` in `admın`, `rn` and `m`). The mapping is the `unhomoglyph`
 * package's transcription of Unicode's `confusables.txt` (its `data.json`). A skeleton is
 * for comparison only, never for display.
 */
export function skeleton(value: string): string {
  return unhomoglyph(value.normalize('NFD')).normalize('NFD');
}
