// MathTextTests: `$...$` in plot text becomes Unicode sub- and superscripts and Greek
// letters; text outside a pair of `$`, and groups Unicode cannot write, stay as written.
import Testing
@testable import AnisPlot

@Suite struct MathTextTests {
    @Test func tablesPairEveryCharacter() {
        #expect(MathText.subscripts.count == 37 && MathText.superscripts.count == 65)
    }

    @Test(arguments: [
        ("$σ_i / Σ_j σ_j$", "σᵢ / Σⱼ σⱼ"), ("$\\sigma_1/\\sigma_2$", "σ₁/σ₂"), ("$W_{ij}$", "Wᵢⱼ"),
        ("$10^{-3}$", "10⁻³"), ("$x^2 + y^2$", "x² + y²"), ("loss ($\\times 10^3$)", "loss (× 10³)"),
        ("$p_c$", "p_c"), ("$p_{cq}$", "p_cq"), ("no math", "no math"), ("costs $5", "costs $5"),
        ("$a_1$ and $5", "a₁ and $5"), ("$$", ""), ("$\\unknown_2$", "\\unknown₂"), ("$x_$", "x_"),
    ]) func renders(_ c: (String, String)) {
        #expect(MathText.render(c.0) == c.1)
    }

    @Test func everyTextOfAFigureIsRendered() {
        var p = Panel(series: [Series(.line(x: [0, 1], y: [0, 1]), label: "$\\alpha_1$"),
                               Series(.text(x: 0, y: 0, "$x^2$"))], title: "$\\beta$", xlabel: "$t_0$", ylabel: "$y^2$")
        p.twin = TwinAxis(ylabel: "$\\gamma$")
        let f = Figure(panels: [p], title: "$\\Sigma$").renderingMathText()
        let q = f.panels[0]
        #expect(f.title == "Σ" && q.title == "β" && q.xlabel == "t₀" && q.ylabel == "y²" && q.twin?.ylabel == "γ")
        #expect(q.series[0].label == "α₁" && q.series[1].kind == .text(x: 0, y: 0, "x²"))
    }
}
