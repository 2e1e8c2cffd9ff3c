//! Small text charts for the terminal: horizontal bars and sparklines.

/// Eighths of a block, for bars finer than a character.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// Heights of a sparkline, lowest first.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A bar `width` characters long at `max`, in eighths of a character.
pub fn bar(value: f32, max: f32, width: usize) -> String {
    // NaN and non-positive values draw nothing.
    if max.is_nan() || value.is_nan() || max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * width as f32 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    out
}

/// One character per value, its height relative to `max`.
pub fn sparkline(values: &[f32], max: f32) -> String {
    values
        .iter()
        .map(|&v| {
            if max.is_nan() || v.is_nan() || max <= 0.0 || v <= 0.0 {
                return ' ';
            }
            let level = ((v / max).min(1.0) * (LEVELS.len() - 1) as f32).round() as usize;
            LEVELS[level]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_width_in_eighths() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 8.0, 1), "▏");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(3.0, 0.0, 4), "");
    }

    #[test]
    fn sparklines_rise_with_the_values() {
        assert_eq!(sparkline(&[0.0, 0.1, 8.0, 14.0, 20.0], 14.0), " ▁▅██");
        assert_eq!(sparkline(&[f32::NAN], 1.0), " ");
    }
}
