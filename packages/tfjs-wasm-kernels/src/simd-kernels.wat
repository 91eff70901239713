;; normprop's SIMD kernels for the wasm backend, run on tfjs's own wasm heap (the memory is imported,
;; so pointers are the byte offsets of tfjs's tensors). Each kernel gives the very bits of the plain-JS
;; loop it replaces (src/backend/wasm-leading-reduction.ts, fused-adam.ts, gather-taps.ts,
;; wasm-max-pool-gradient.ts, wasm-transpose.ts): SIMD lanes run side by side over independent outputs, never
;; re-associating one output's sum, and no operation is fused (wasm has no implicit FMA). scripts/build-simd-kernels.ts compiles this file twice, with the
;; memory import shared (the threaded build) and not; MEMORY_IMPORT below is replaced by each.
(module
  MEMORY_IMPORT

  ;; dst[c] = src[0, c] + src[1, c] + ... in float32 from 0, rows in order (tfjs's Sum.cc order), then
  ;; divided by float32(rows) if mean (Mean.cc). src is [rows, cols]; dst holds cols floats.
  (func (export "sumLeading")
    (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $mean i32)
    (local $colBytes i32) (local $vecBytes i32) (local $row i32) (local $p i32) (local $i i32)
    (local $n f32) (local $nv v128)
    (local.set $colBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vecBytes (i32.and (local.get $colBytes) (i32.const -16)))
    (memory.fill (local.get $dst) (i32.const 0) (local.get $colBytes))
    (local.set $p (local.get $src))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $i (i32.const 0))
        (block $vecDone
          (loop $vecLoop
            (br_if $vecDone (i32.ge_u (local.get $i) (local.get $vecBytes)))
            (v128.store (i32.add (local.get $dst) (local.get $i))
              (f32x4.add
                (v128.load (i32.add (local.get $dst) (local.get $i)))
                (v128.load (i32.add (local.get $p) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $vecLoop)))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.ge_u (local.get $i) (local.get $colBytes)))
            (f32.store (i32.add (local.get $dst) (local.get $i))
              (f32.add
                (f32.load (i32.add (local.get $dst) (local.get $i)))
                (f32.load (i32.add (local.get $p) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $tailLoop)))
        (local.set $p (i32.add (local.get $p) (local.get $colBytes)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowLoop)))
    (if (local.get $mean)
      (then
        (local.set $n (f32.convert_i32_u (local.get $rows)))
        (local.set $nv (f32x4.splat (local.get $n)))
        (local.set $i (i32.const 0))
        (block $vecDone
          (loop $vecLoop
            (br_if $vecDone (i32.ge_u (local.get $i) (local.get $vecBytes)))
            (v128.store (i32.add (local.get $dst) (local.get $i))
              (f32x4.div (v128.load (i32.add (local.get $dst) (local.get $i))) (local.get $nv)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $vecLoop)))
        (block $tailDone
          (loop $tailLoop
            (br_if $tailDone (i32.ge_u (local.get $i) (local.get $colBytes)))
            (f32.store (i32.add (local.get $dst) (local.get $i))
              (f32.div (f32.load (i32.add (local.get $dst) (local.get $i))) (local.get $n)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $tailLoop))))))

  ;; One Adam step over n float32 weights, in double like the JS loop (float32 only where it stores):
  ;;   m' = beta1*m + (1-beta1)*g        v' = beta2*v + ((1-beta2)*g)*g
  ;;   value' = value - (lr*(m'/c1)) / (sqrt(v'/c2) + eps)     (c1, c2: 1 - beta^t)
  ;; Two weights per iteration (f64x2), then one if n is odd.
  (func (export "adamStep")
    (param $value i32) (param $m i32) (param $v i32) (param $g i32)
    (param $outValue i32) (param $outM i32) (param $outV i32) (param $n i32)
    (param $lr f64) (param $beta1 f64) (param $beta2 f64) (param $eps f64) (param $c1 f64) (param $c2 f64)
    (local $pairBytes i32) (local $bytes i32) (local $i i32)
    (local $b1 v128) (local $b2 v128) (local $ob1 v128) (local $ob2 v128)
    (local $lrv v128) (local $epsv v128) (local $c1v v128) (local $c2v v128)
    (local $gd v128) (local $md v128) (local $vd v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $pairBytes (i32.and (local.get $bytes) (i32.const -8)))
    (local.set $b1 (f64x2.splat (local.get $beta1)))
    (local.set $b2 (f64x2.splat (local.get $beta2)))
    (local.set $ob1 (f64x2.splat (f64.sub (f64.const 1) (local.get $beta1))))
    (local.set $ob2 (f64x2.splat (f64.sub (f64.const 1) (local.get $beta2))))
    (local.set $lrv (f64x2.splat (local.get $lr)))
    (local.set $epsv (f64x2.splat (local.get $eps)))
    (local.set $c1v (f64x2.splat (local.get $c1)))
    (local.set $c2v (f64x2.splat (local.get $c2)))
    (block $pairsDone
      (loop $pairLoop
        (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $pairBytes)))
        (local.set $gd (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $i)))))
        (local.set $md
          (f64x2.add
            (f64x2.mul (local.get $b1)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $i)))))
            (f64x2.mul (local.get $ob1) (local.get $gd))))
        (local.set $vd
          (f64x2.add
            (f64x2.mul (local.get $b2)
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $i)))))
            (f64x2.mul (f64x2.mul (local.get $ob2) (local.get $gd)) (local.get $gd))))
        (v128.store64_lane 0 (i32.add (local.get $outM) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $md)))
        (v128.store64_lane 0 (i32.add (local.get $outV) (local.get $i)) (f32x4.demote_f64x2_zero (local.get $vd)))
        (v128.store64_lane 0 (i32.add (local.get $outValue) (local.get $i))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $value) (local.get $i))))
              (f64x2.div
                (f64x2.mul (local.get $lrv) (f64x2.div (local.get $md) (local.get $c1v)))
                (f64x2.add (f64x2.sqrt (f64x2.div (local.get $vd) (local.get $c2v))) (local.get $epsv))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $pairLoop)))
    (if (i32.lt_u (local.get $i) (local.get $bytes))
      (then
        (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $i)))))
        (local.set $ms
          (f64.add
            (f64.mul (local.get $beta1) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $i)))))
            (f64.mul (f64.sub (f64.const 1) (local.get $beta1)) (local.get $gs))))
        (local.set $vs
          (f64.add
            (f64.mul (local.get $beta2) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $i)))))
            (f64.mul (f64.mul (f64.sub (f64.const 1) (local.get $beta2)) (local.get $gs)) (local.get $gs))))
        (f32.store (i32.add (local.get $outM) (local.get $i)) (f32.demote_f64 (local.get $ms)))
        (f32.store (i32.add (local.get $outV) (local.get $i)) (f32.demote_f64 (local.get $vs)))
        (f32.store (i32.add (local.get $outValue) (local.get $i))
          (f32.demote_f64
            (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $value) (local.get $i))))
              (f64.div
                (f64.mul (local.get $lr) (f64.div (local.get $ms) (local.get $c1)))
                (f64.add (f64.sqrt (f64.div (local.get $vs) (local.get $c2))) (local.get $eps)))))))))

  ;; The transposed im2col matrix of a conv's filter gradient (gather-taps.ts, gatherTapsJs):
  ;; src is the input channel-major [channels, batch, inH, inW]; dst gets, for each tap (i, j), channel
  ;; c, image b and output row oh, the outW input values that tap met along that row (zero in the
  ;; padding). Pure data movement: rows are memory.copy'd when the stride is 1, copied float by float
  ;; otherwise; padding is memory.fill'd.
  (func (export "gatherTaps")
    ;; the window's geometry in the order maxPoolGrad takes it (simd-kernels.ts, windowArgs)
    (param $src i32) (param $dst i32) (param $batch i32) (param $inH i32) (param $inW i32) (param $channels i32)
    (param $outH i32) (param $outW i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (param $kh i32) (param $kw i32)
    (local $i i32) (local $j i32) (local $plane i32) (local $planes i32) (local $oh i32) (local $h i32)
    (local $owStart i32) (local $owEnd i32) (local $first i32) (local $last i32) (local $ow i32)
    (local $k i32) (local $row i32) (local $rowBytes i32) (local $from i32)
    (local.set $rowBytes (i32.shl (local.get $outW) (i32.const 2)))
    ;; channel-major: the (c, b) pairs are consecutive [inH, inW] planes, in the order the JS loop visits them
    (local.set $planes (i32.mul (local.get $channels) (local.get $batch)))
    (local.set $k (local.get $dst))
    (local.set $i (i32.const 0))
    (block $tapRowsDone
      (loop $tapRows
        (br_if $tapRowsDone (i32.ge_s (local.get $i) (local.get $kh)))
        (local.set $j (i32.const 0))
        (block $tapColsDone
          (loop $tapCols
            (br_if $tapColsDone (i32.ge_s (local.get $j) (local.get $kw)))
            ;; ow reads column ow*sw + j - padLeft; it is inside [0, inW) for ow in [owStart, owEnd)
            (local.set $first (i32.sub (local.get $padLeft) (local.get $j)))
            (local.set $owStart
              (select (i32.const 0)
                (i32.div_s (i32.add (local.get $first) (i32.sub (local.get $sw) (i32.const 1))) (local.get $sw))
                (i32.le_s (local.get $first) (i32.const 0))))
            (local.set $last (i32.add (i32.sub (local.get $inW) (i32.const 1)) (local.get $first)))
            (local.set $owEnd
              (select (i32.const 0)
                (i32.add (i32.div_s (local.get $last) (local.get $sw)) (i32.const 1))
                (i32.lt_s (local.get $last) (i32.const 0))))
            (if (i32.gt_s (local.get $owEnd) (local.get $outW)) (then (local.set $owEnd (local.get $outW))))
            (if (i32.gt_s (local.get $owStart) (local.get $outW)) (then (local.set $owStart (local.get $outW))))
            (if (i32.lt_s (local.get $owEnd) (local.get $owStart)) (then (local.set $owEnd (local.get $owStart))))
            (local.set $plane (i32.const 0))
            (block $planesDone
              (loop $planeLoop
                (br_if $planesDone (i32.ge_s (local.get $plane) (local.get $planes)))
                (local.set $oh (i32.const 0))
                (block $rowsDone
                  (loop $rowLoop
                    (br_if $rowsDone (i32.ge_s (local.get $oh) (local.get $outH)))
                    (local.set $h
                      (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $i)) (local.get $padTop)))
                    (if (i32.or (i32.lt_s (local.get $h) (i32.const 0)) (i32.ge_s (local.get $h) (local.get $inH)))
                      (then (memory.fill (local.get $k) (i32.const 0) (local.get $rowBytes)))
                      (else
                        (local.set $row
                          (i32.add (local.get $src)
                            (i32.shl
                              (i32.mul (i32.add (i32.mul (local.get $plane) (local.get $inH)) (local.get $h)) (local.get $inW))
                              (i32.const 2))))
                        (memory.fill (local.get $k) (i32.const 0) (i32.shl (local.get $owStart) (i32.const 2)))
                        (memory.fill
                          (i32.add (local.get $k) (i32.shl (local.get $owEnd) (i32.const 2)))
                          (i32.const 0)
                          (i32.shl (i32.sub (local.get $outW) (local.get $owEnd)) (i32.const 2)))
                        (local.set $from
                          (i32.add (local.get $row)
                            (i32.shl
                              (i32.sub (i32.add (i32.mul (local.get $owStart) (local.get $sw)) (local.get $j)) (local.get $padLeft))
                              (i32.const 2))))
                        (if (i32.le_s (local.get $owEnd) (local.get $owStart))
                          (then) ;; no column inside: memory.copy would bounds-check even zero bytes
                          (else (if (i32.eq (local.get $sw) (i32.const 1))
                          (then
                            (memory.copy
                              (i32.add (local.get $k) (i32.shl (local.get $owStart) (i32.const 2)))
                              (local.get $from)
                              (i32.shl (i32.sub (local.get $owEnd) (local.get $owStart)) (i32.const 2))))
                          (else
                            (local.set $ow (local.get $owStart))
                            (block $colsDone
                              (loop $colLoop
                                (br_if $colsDone (i32.ge_s (local.get $ow) (local.get $owEnd)))
                                (i32.store (i32.add (local.get $k) (i32.shl (local.get $ow) (i32.const 2)))
                                  (i32.load (local.get $from)))
                                (local.set $from (i32.add (local.get $from) (i32.shl (local.get $sw) (i32.const 2))))
                                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                                (br $colLoop)))))))))
                    (local.set $k (i32.add (local.get $k) (local.get $rowBytes)))
                    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
                    (br $rowLoop)))
                (local.set $plane (i32.add (local.get $plane) (i32.const 1)))
                (br $planeLoop)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tapCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tapRows))))

  ;; MaxPoolGrad as wasm-max-pool-gradient.ts's maxPoolGradJs computes it (the cpu backend's rule): per
  ;; window and channel the running max starts at -Infinity with no position, a later value wins only
  ;; if strictly greater; each input element sums the gradients routed to it in a double, windows in
  ;; row-major order, rounded to float32 once at the end. x and dx are NHWC [batch, inH, inW, channels],
  ;; dy [batch, outH, outW, channels]; scratch holds count doubles (the sums), then channels doubles
  ;; (the running maxima) and channels int32s (their float offsets in x, -1 for none).
  (func (export "maxPoolGrad")
    (param $x i32) (param $dy i32) (param $dx i32) (param $scratch i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $channels i32) (param $outH i32) (param $outW i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32) (param $effH i32) (param $effW i32)
    (local $count i32) (local $best i32) (local $at i32) (local $b i32) (local $oh i32) (local $ow i32)
    (local $top i32) (local $hMin i32) (local $hMax i32) (local $left i32) (local $wMin i32) (local $wMax i32)
    (local $h i32) (local $w i32) (local $c i32) (local $base i32) (local $n i32) (local $v f64) (local $to i32)
    (local.set $count
      (i32.mul (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (local.get $inW)) (local.get $channels)))
    (local.set $best (i32.add (local.get $scratch) (i32.shl (local.get $count) (i32.const 3))))
    (local.set $at (i32.add (local.get $best) (i32.shl (local.get $channels) (i32.const 3))))
    (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (local.get $count) (i32.const 3)))
    (block $batchDone
      (loop $batchLoop
        (br_if $batchDone (i32.ge_s (local.get $b) (local.get $batch)))
        (local.set $oh (i32.const 0))
        (block $ohDone
          (loop $ohLoop
            (br_if $ohDone (i32.ge_s (local.get $oh) (local.get $outH)))
            (local.set $top (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $padTop)))
            (local.set $hMin (select (local.get $top) (i32.const 0) (i32.gt_s (local.get $top) (i32.const 0))))
            (local.set $hMax (i32.add (local.get $top) (local.get $effH)))
            (if (i32.gt_s (local.get $hMax) (local.get $inH)) (then (local.set $hMax (local.get $inH))))
            (local.set $ow (i32.const 0))
            (block $owDone
              (loop $owLoop
                (br_if $owDone (i32.ge_s (local.get $ow) (local.get $outW)))
                (local.set $left (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $padLeft)))
                (local.set $wMin (select (local.get $left) (i32.const 0) (i32.gt_s (local.get $left) (i32.const 0))))
                (local.set $wMax (i32.add (local.get $left) (local.get $effW)))
                (if (i32.gt_s (local.get $wMax) (local.get $inW)) (then (local.set $wMax (local.get $inW))))
                (local.set $c (i32.const 0))
                (block $resetDone
                  (loop $resetLoop
                    (br_if $resetDone (i32.ge_s (local.get $c) (local.get $channels)))
                    (f64.store (i32.add (local.get $best) (i32.shl (local.get $c) (i32.const 3))) (f64.const -inf))
                    (i32.store (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2))) (i32.const -1))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $resetLoop)))
                (local.set $h (local.get $hMin))
                (block $hDone
                  (loop $hLoop
                    (br_if $hDone (i32.ge_s (local.get $h) (local.get $hMax)))
                    (local.set $w (local.get $wMin))
                    (block $wDone
                      (loop $wLoop
                        (br_if $wDone (i32.ge_s (local.get $w) (local.get $wMax)))
                        (local.set $base
                          (i32.mul
                            (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $h)) (local.get $inW))
                              (local.get $w))
                            (local.get $channels)))
                        (local.set $c (i32.const 0))
                        (block $cDone
                          (loop $cLoop
                            (br_if $cDone (i32.ge_s (local.get $c) (local.get $channels)))
                            (local.set $v
                              (f64.promote_f32
                                (f32.load (i32.add (local.get $x) (i32.shl (i32.add (local.get $base) (local.get $c)) (i32.const 2))))))
                            (if (f64.gt (local.get $v) (f64.load (i32.add (local.get $best) (i32.shl (local.get $c) (i32.const 3)))))
                              (then
                                (f64.store (i32.add (local.get $best) (i32.shl (local.get $c) (i32.const 3))) (local.get $v))
                                (i32.store (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2)))
                                  (i32.add (local.get $base) (local.get $c)))))
                            (local.set $c (i32.add (local.get $c) (i32.const 1)))
                            (br $cLoop)))
                        (local.set $w (i32.add (local.get $w) (i32.const 1)))
                        (br $wLoop)))
                    (local.set $h (i32.add (local.get $h) (i32.const 1)))
                    (br $hLoop)))
                (local.set $c (i32.const 0))
                (block $routeDone
                  (loop $routeLoop
                    (br_if $routeDone (i32.ge_s (local.get $c) (local.get $channels)))
                    (local.set $to (i32.load (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2)))))
                    (if (i32.ge_s (local.get $to) (i32.const 0))
                      (then
                        (f64.store (i32.add (local.get $scratch) (i32.shl (local.get $to) (i32.const 3)))
                          (f64.add
                            (f64.load (i32.add (local.get $scratch) (i32.shl (local.get $to) (i32.const 3))))
                            (f64.promote_f32
                              (f32.load (i32.add (local.get $dy) (i32.shl (i32.add (local.get $n) (local.get $c)) (i32.const 2)))))))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $routeLoop)))
                (local.set $n (i32.add (local.get $n) (local.get $channels)))
                (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
                (br $owLoop)))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $ohLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $batchLoop)))
    (local.set $c (i32.const 0))
    (block $roundDone
      (loop $roundLoop
        (br_if $roundDone (i32.ge_s (local.get $c) (local.get $count)))
        (f32.store (i32.add (local.get $dx) (i32.shl (local.get $c) (i32.const 2)))
          (f32.demote_f64 (f64.load (i32.add (local.get $scratch) (i32.shl (local.get $c) (i32.const 3))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $roundLoop))))

  ;; dst[b, c, r] = src[b, r, c] for `batches` [rows, cols] matrices (wasm-transpose.ts): 4x4 blocks
  ;; moved through registers (four loads, eight shuffles, four stores), then the ragged right and
  ;; bottom strips element by element. Pure data movement.
  (func (export "transposeBatched")
    (param $src i32) (param $dst i32) (param $batches i32) (param $rows i32) (param $cols i32)
    (local $rows4 i32) (local $cols4 i32) (local $rowBytes i32) (local $colBytes i32) (local $b i32)
    (local $i i32) (local $j i32) (local $from i32) (local $to i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    ;; bytes of one source row (cols floats) and of one destination row (rows floats)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $rows) (i32.const 2)))
    (block $batchesDone
      (loop $batchLoop
        (br_if $batchesDone (i32.ge_u (local.get $b) (local.get $batches)))
        (local.set $i (i32.const 0))
        (block $blockRowsDone
          (loop $blockRows
            (br_if $blockRowsDone (i32.ge_u (local.get $i) (local.get $rows4)))
            (local.set $j (i32.const 0))
            (block $blockColsDone
              (loop $blockCols
                (br_if $blockColsDone (i32.ge_u (local.get $j) (local.get $cols4)))
                (local.set $from
                  (i32.add (local.get $src)
                    (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2))))
                (local.set $r0 (v128.load (local.get $from)))
                (local.set $r1 (v128.load (i32.add (local.get $from) (local.get $rowBytes))))
                (local.set $r2 (v128.load (i32.add (local.get $from) (i32.shl (local.get $rowBytes) (i32.const 1)))))
                (local.set $r3
                  (v128.load (i32.add (local.get $from) (i32.mul (local.get $rowBytes) (i32.const 3)))))
                (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
                (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
                (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
                (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
                (local.set $to
                  (i32.add (local.get $dst)
                    (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2))))
                (v128.store (local.get $to)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $to) (local.get $colBytes))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
                (v128.store (i32.add (local.get $to) (i32.shl (local.get $colBytes) (i32.const 1)))
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
                (v128.store (i32.add (local.get $to) (i32.mul (local.get $colBytes) (i32.const 3)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $blockCols)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $blockRows)))
        ;; the right strip (columns past cols4, every row), then the bottom strip (rows past rows4)
        (local.set $i (i32.const 0))
        (block $rightDone
          (loop $rightRows
            (br_if $rightDone (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $j (local.get $cols4))
            (block $rightColsDone
              (loop $rightCols
                (br_if $rightColsDone (i32.ge_u (local.get $j) (local.get $cols)))
                (i32.store
                  (i32.add (local.get $dst)
                    (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
                  (i32.load
                    (i32.add (local.get $src)
                      (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $rightCols)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rightRows)))
        (local.set $i (local.get $rows4))
        (block $bottomDone
          (loop $bottomRows
            (br_if $bottomDone (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $j (i32.const 0))
            (block $bottomColsDone
              (loop $bottomCols
                (br_if $bottomColsDone (i32.ge_u (local.get $j) (local.get $cols4)))
                (i32.store
                  (i32.add (local.get $dst)
                    (i32.shl (i32.add (i32.mul (local.get $j) (local.get $rows)) (local.get $i)) (i32.const 2)))
                  (i32.load
                    (i32.add (local.get $src)
                      (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 2)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $bottomCols)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $bottomRows)))
        (local.set $src (i32.add (local.get $src) (i32.mul (local.get $rowBytes) (local.get $rows))))
        (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $rowBytes) (local.get $rows))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $batchLoop))))
)
