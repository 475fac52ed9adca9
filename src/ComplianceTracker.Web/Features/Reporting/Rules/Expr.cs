namespace ComplianceTracker.Web.Features.Reporting.Rules;

/// <summary>A parsed rule expression. Parentheses are not kept: the tree's shape carries them.</summary>
internal abstract record Expr;

/// <summary>A numeric literal; <c>Text</c> is how it was written, for messages.</summary>
internal sealed record NumberExpr(decimal Value, string Text) : Expr;

/// <summary>This period's value of an indicator. <c>Position</c> is the 0-based index in the source text.</summary>
internal sealed record IndicatorExpr(string Code, int Position) : Expr;

/// <summary><c>prev(CODE)</c>: the previous period's value of an indicator.</summary>
internal sealed record PrevExpr(string Code, int Position) : Expr;

/// <summary><c>abs(x)</c>.</summary>
internal sealed record AbsExpr(Expr Operand) : Expr;

/// <summary>Unary minus.</summary>
internal sealed record NegateExpr(Expr Operand) : Expr;

/// <summary><c>Operator</c> is one of <c>+ - * /</c>.</summary>
internal sealed record BinaryExpr(char Operator, Expr Left, Expr Right) : Expr;
